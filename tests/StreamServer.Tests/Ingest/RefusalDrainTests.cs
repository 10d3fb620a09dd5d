using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>A refused stream's connection reads and drops the rest of that request's body before closing (RefusalDrain):
/// closed with the client's bytes unread, the connection is reset, and a client still sending its body (a device at its
/// pace, a long line on its way) loses the answer: on Windows and lwIP (the ESP32) the reset throws it away, on Linux the
/// client's next send fails, which is what these tests see. Only the rest of the body is read: a client that has sent its
/// whole request and waits for the close is closed at once, and one whose body never ends is cut off at the bound.</summary>
public sealed class RefusalDrainTests
{
    private const int Runs = 5;

    // A bound far beyond anything here takes: a check of what happens within it does not race it on a busy machine.
    private static readonly TimeSpan LongDrain = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ABadLineIsAnswered422ToAClientThatGoesOnSendingTheRestOfItsBody()
    {
        await using TestServer server = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.RefusalDrainTime = LongDrain; });
        await server.CreatePlotAsync("drain-stream-token");
        byte[] next = Encoding.ASCII.GetBytes(Chunk("{\"y\":1}\n"));

        await AssertEveryRunReadsAsync(server.Port, 422, StreamHead("drain-stream-token") + Chunk("{\"y\":\n"), async socket =>
        {
            // A device at 50 objects a second goes on for a while before it looks for an answer, then ends its body.
            for (int sent = 0; sent < 15; sent++)
            {
                await socket.SendAsync(next);
                await Task.Delay(20);
            }

            await socket.SendAsync("0\r\n\r\n"u8.ToArray());
        });
    }

    [Fact]
    public async Task ALineTooLongIsAnswered413ToAClientStillSendingIt()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.RefusalDrainTime = LongDrain); // --max-line-bytes 1 MB
        await server.CreatePlotAsync("drain-stream-token");
        // A 10 MB line in 64 KB chunks, as a device writes a long line from its buffer: refused a tenth of the way. Its
        // rest is skipped as it comes, not held (a drain holding chunks would hold 9 MB).
        byte[] piece = Encoding.ASCII.GetBytes(Chunk(new string('7', 64 * 1024)));

        await AssertEveryRunReadsAsync(server.Port, 413, StreamHead("drain-stream-token") + Chunk("{\"y\":"), async socket =>
        {
            for (int sent = 0; sent < 160; sent++)
            {
                await socket.SendAsync(piece);
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes(Chunk("}\n") + "0\r\n\r\n"));
        });
    }

    // A client that sent its whole request and waits for the close (not half-closing, as Python's and curl's do not), or
    // that waits for a "100 Continue" before sending its body: the refusal ends at once. Held until the drain's bound
    // instead, a guessing test's 404s took 2 s each.
    [Theory]
    [InlineData(404, "unknown token, chunked")]
    [InlineData(404, "unknown token, Content-Length")]
    [InlineData(404, "unknown token, no body")]
    [InlineData(404, "unknown token, waiting for 100 Continue")]
    [InlineData(422, "bad line, then the rest")]
    [InlineData(413, "long line, then the rest")]
    public async Task ARefusalOfACompleteRequestClosesWithoutWaitingForTheDrainsBound(int status, string request)
    {
        await using TestServer server = await TestServer.StartAsync(o => { o.MaxLineBytes = 1024; o.RefusalDrainTime = LongDrain; });
        await server.CreatePlotAsync("drain-stream-token");
        string bytes = request switch
        {
            "unknown token, chunked" => StreamHead("no-such-token") + Chunk("{\"y\":1}\n") + "0\r\n\r\n",
            "unknown token, Content-Length" => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\nplotly-streamtoken: no-such-token\r\n\r\n{\"y\":1}\n",
            "unknown token, no body" => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nplotly-streamtoken: no-such-token\r\n\r\n",
            "unknown token, waiting for 100 Continue" => "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nplotly-streamtoken: no-such-token\r\n\r\n",
            "bad line, then the rest" => StreamHead("drain-stream-token") + Chunk("{\"y\":\n") + Chunk("{\"y\":1}\n") + "0\r\n\r\n",
            _ => StreamHead("drain-stream-token") + Chunk("{\"text\":\"" + new string('a', 1500)) + Chunk(new string('a', 1500) + "\"}\n") + "0\r\n\r\n",
        };

        var clock = Stopwatch.StartNew();
        RawResponse answer = await server.ExchangeAsync(bytes);
        TimeSpan tookToClose = clock.Elapsed;

        Assert.Equal(status, answer.Status);
        // The bound is the least a drain that waits for the client takes: anything well under it closed at the body's end.
        Assert.True(tookToClose < LongDrain / 2, $"the {status} closed after {tookToClose.TotalMilliseconds:F0} ms: held for the drain's bound ({LongDrain.TotalSeconds} s)");
    }

    // A client whose body never ends, refused at its head or in the middle: it keeps sending a heartbeat chunk every 20 ms
    // and is cut off at the drain's bound (the server's own, 2 s), well within the test's 20 s (RawHttp.Timeout), with the
    // answer read first.
    [Theory]
    [InlineData(404, "no-such-token", "")]
    [InlineData(422, "drain-stream-token", "6\r\n{\"y\":\n\r\n")]
    public async Task AClientWhoseBodyNeverEndsIsCutOffAtTheBound(int status, string token, string start)
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.CreatePlotAsync("drain-stream-token");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync(StreamHead(token) + start);

        using var stopSending = new CancellationTokenSource();
        Task sending = SendHeartbeatsAsync(connection, stopSending.Token);
        // Read to the close: a server that never closes fails here, at RawHttp.Timeout.
        RawResponse answer = await connection.ReadToEndAsync();
        await stopSending.CancelAsync();
        await sending;

        Assert.Equal(status, answer.Status);
    }

    private static async Task SendHeartbeatsAsync(RawConnection connection, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await connection.SendAsync(Chunk("\n"));
                await Task.Delay(20, stop);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // Cut off (the server closed), or the test has read what it waited for.
        }
    }

    // Each run sends the head and the first bytes, then the rest of its body, and only then reads the answer (to its
    // Content-Length, as a client does that does not wait for the close).
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

    // The answer, read to its Content-Length without waiting for the close.
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
