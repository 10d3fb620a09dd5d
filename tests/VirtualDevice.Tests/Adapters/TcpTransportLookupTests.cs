using System.Net;
using System.Net.Sockets;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Adapters;

/// <summary>
/// The virtual device's transport, as the board's: the server's name is looked up before the connect's time starts,
/// so a slow lookup (a board's DNS can take 20-30 s against a 20 s connect) does not use it up, and a lookup that fails
/// says so instead of blaming the connect.
/// </summary>
public sealed class TcpTransportLookupTests
{
    private const int ConnectMilliseconds = 1000;

    [Fact]
    public void ALookupSlowerThanTheConnectsTimeLeavesTheConnectAllOfIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var transport = new TcpTransport(ConnectMilliseconds, lookUp: host =>
        {
            Thread.Sleep(2 * ConnectMilliseconds);
            return Dns.GetHostAddresses(host);
        });

        transport.Connect("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: false);

        using Socket server = listener.AcceptSocket();
        Assert.True(server.Connected);
    }

    [Fact]
    public void ALookupThatFailsSaysSoRatherThanBlamingTheConnect()
    {
        using var transport = new TcpTransport();

        // .invalid never resolves (RFC 6761).
        var error = Assert.Throws<IOException>(() => transport.Connect("no-such-host.invalid", 80, useTls: false));

        Assert.StartsWith("looking up no-such-host.invalid failed: ", error.Message);
    }
}
