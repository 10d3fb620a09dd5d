using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP port free on 127.0.0.1 now, for an engine the tests start (PostgreSQL, Redis, HAProxy) that needs its port
/// on the command line. Another process could take it before the engine binds it; the engines say so when it happens.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
