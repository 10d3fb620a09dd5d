using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>A stream refused in the middle of its body is answered to a client that goes on sending (a device at its pace,
/// a long line on its way) and reads only once it has sent what it had. Closed with the client's bytes unread, the
/// connection is reset: on Windows and lwIP (the ESP32) a reset that arrives before the client read the answer throws the
/// answer away. Linux keeps the answer but fails the client's next send, which is what these tests see: a client that
/// stops at a failed send (Python's http.client) never reads the detail of what was wrong.</summary>
public sealed class RefusalDrainTests
{
    private const int Runs = 10;

    [Fact]
    public async Task ABadLineIsAnswered422ToAClientThatGoesOnSendingItsObjects()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        await server.CreatePlotAsync("drain-stream-token");
        byte[] next = Encoding.ASCII.GetBytes(Chunk("{\"y\":1}\n"));

        await AssertEveryRunReadsAsync(server.Port, 422, StreamHead("drain-stream-token") + Chunk("{\"y\":\n"), async socket =>
        {
            // A device at 50 objects a second goes on for a while before it looks for an answer.
            for (int sent = 0; sent < 15; sent++)
            {
                await socket.SendAsync(next);
                await Task.Delay(20);
            }
        });
    }

    [Fact]
    public async Task ALineTooLongIsAnswered413ToAClientStillSendingIt()
    {
        await using TestServer server = await TestServer.StartAsync(); // --max-line-bytes 1 MB
        await server.CreatePlotAsync("drain-stream-token");
        // A 10 MB line in 64 KB chunks, as a device writes a long line from its buffer: refused a tenth of the way.
        byte[] piece = Encoding.ASCII.GetBytes(Chunk(new string('7', 64 * 1024)));

        await AssertEveryRunReadsAsync(server.Port, 413, StreamHead("drain-stream-token") + Chunk("{\"y\":"), async socket =>
        {
            for (int sent = 0; sent < 160; sent++)
            {
                await socket.SendAsync(piece);
            }
        });
    }

    // Each run sends the head and the first bytes, then the rest, and only then reads the answer (to its Content-Length,
    // as a client does that does not wait for the close).
    private static async Task AssertEveryRunReadsAsync(int port, int status, string start, Func<Socket, Task> sendRest)
    {
        var failures = new List<string>();
        for (int run = 0; run < Runs; run++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(start));
            string? sendFailure = null;
            try
            {
                await sendRest(socket);
            }
            catch (SocketException exception)
            {
                sendFailure = exception.SocketErrorCode.ToString();
            }

            string answer = await ReadAnswerAsync(socket);
            if (sendFailure is not null || !answer.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal))
            {
                failures.Add($"send {sendFailure ?? "went through"}, read '{answer.Split("\r\n")[0]}'");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Runs} runs did not send all and read the {status}: {string.Join("; ", failures.Distinct())}");
    }

    private static async Task<string> ReadAnswerAsync(Socket socket)
    {
        var received = new MemoryStream();
        byte[] buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        try
        {
            for (int count; (count = await socket.ReceiveAsync(buffer, timeout.Token)) > 0;)
            {
                received.Write(buffer, 0, count);
                string text = Encoding.ASCII.GetString(received.ToArray()); // the answer's head is ASCII: one character a byte
                int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                Match length = Regex.Match(text, "\r\nContent-Length: (\\d+)\r\n");
                if (headEnd >= 0 && length.Success && received.Length - (headEnd + 4) >= int.Parse(length.Groups[1].Value))
                {
                    break;
                }
            }
        }
        catch (SocketException exception)
        {
            return received.Length == 0 ? "reset: " + exception.SocketErrorCode : Encoding.UTF8.GetString(received.ToArray());
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
