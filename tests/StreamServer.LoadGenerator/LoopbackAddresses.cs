using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>Client sockets spread over 127.0.1.x source addresses: one address has only the ephemeral
/// port range (32768-60999 on Linux, /proc/sys/net/ipv4/ip_local_port_range) towards one server port,
/// fewer than the connections of the larger steps.</summary>
public static class LoopbackAddresses
{
    private const int ConnectionsPerAddress = 20_000;
    private static int s_next;

    public static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        int index = Interlocked.Increment(ref s_next);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(new IPAddress([127, 0, 1, (byte)(1 + (index / ConnectionsPerAddress))]), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
