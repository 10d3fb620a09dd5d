using System.Net;
using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Adapters;

/// <summary>
/// A failed TLS handshake is named as one, as the board's transport names it: an https address given for a plain http
/// server used to say only "connecting to HOST:PORT failed: Cannot determine the frame size or a corrupted frame was
/// received.", which does not say that the TLS handshake was what failed.
/// </summary>
public sealed class TcpTransportHandshakeTests
{
    [Fact]
    public async Task AnHttpsAddressOnAPlainHttpServerSaysTheTlsHandshakeFailed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // What a plain http server answers to a TLS ClientHello: a 400 in clear text, then the connection closed.
        Task server = Task.Run(async () =>
        {
            using Socket client = await listener.AcceptSocketAsync();
            await client.ReceiveAsync(new byte[4096]);
            await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            client.Shutdown(SocketShutdown.Both);
        });
        using var transport = new TcpTransport(connectTimeoutMilliseconds: 10_000);

        var error = Assert.Throws<IOException>(() => transport.Connect("127.0.0.1", port, useTls: true));

        Assert.StartsWith($"connecting to 127.0.0.1:{port} failed: the TLS handshake: ", error.Message);
        await server;
    }
}
