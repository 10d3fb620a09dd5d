using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>A device that loses its network while sending its request head: the server notes it in one line and goes
/// on; no unhandled exception with a stack trace per connection (a server process: its console is its log).</summary>
public sealed class ConnectionResetTests
{
    [Fact]
    public async Task AResetDuringTheRequestHeadIsOneLogLineNotAnUnhandledException()
    {
        string data = TestServer.NewDataDirectory();
        // The ingest log at Debug too: it says when it has taken a connection for a stream and reads its head.
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--user", "alice:" + TestServer.AliceKey],
            new Dictionary<string, string> { ["Logging__LogLevel__HeartRateStreamer.StreamServer.Ingest"] = "Debug" });
        try
        {
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
            {
                await socket.ConnectAsync("127.0.0.1", server.BaseUrl.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: x\r\n"));
                // Reset only once the server reads the head: a reset before it saw "POST / " is no stream's (logged at Debug).
                await Eventually.TrueAsync(() => Task.FromResult(server.Output.Contains("Stream connection: reading its request head", StringComparison.Ordinal)),
                    "the server reads the stream's head");
                socket.LingerState = new LingerOption(true, 0); // closing without a shutdown (FIN) sends RST
            }

            await Eventually.TrueAsync(() => Task.FromResult(server.Output.Contains("before its request head was complete", StringComparison.Ordinal)
                || server.Output.Contains("ConnectionResetException", StringComparison.Ordinal)), "the reset is logged");
            Assert.DoesNotContain("ConnectionResetException", server.Output, StringComparison.Ordinal); // Kestrel's unhandled-exception entry names it
            Assert.Contains("info: HeartRateStreamer.StreamServer.Ingest[0] Stream connection closed by the client before its request head was complete: Connection reset by peer",
                server.Output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
