using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>Every status code of the stream endpoint, each provoked by a raw-socket client.</summary>
public sealed class StatusCodeTests
{
    private const string Head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: {0}\r\n\r\n";

    [Fact]
    public async Task CleanEndAnswers200AndKeepsThePoints()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok200-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok200-stream-token") + Chunk("{\"x-stream-token\":1,\"y\":10}\n") + Chunk("{\"x-stream-token\":{\"unknown keys\":\"ignored, as Plotly did\"},\"y\":20}\n") + "0\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("healthy endpoint disconnect", (string?)response.Json["message"]);
        Assert.Equal(2, response.Count("received"));
        Assert.Equal("[10,20]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task AnEmptyBodyFromAClientThatKeepsTheConnectionOpenAnswers200AtOnce()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.StaleSeconds = 60);
        await server.CreatePlotAsync("tok200-stream-token");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nplotly-streamtoken: tok200-stream-token\r\n\r\n");

        Assert.Equal(200, (await connection.ReadToEndAsync()).Status); // not 408 after --stale-seconds
    }

    [Fact]
    public async Task AClientThatClosesAfterTheLastChunkWithoutItsBlankLineIsAnswered200()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok200-stream-token");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);

        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(string.Format(Head, "tok200-stream-token") + Chunk("{\"y\":7}\n") + "0\r\n"));
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send); // its end of the connection, still reading

        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        byte[] buffer = new byte[4096];
        for (int count; (count = await socket.ReceiveAsync(buffer, timeout.Token)) > 0;)
        {
            answer.Write(buffer, 0, count);
        }

        var response = new RawResponse(System.Text.Encoding.UTF8.GetString(answer.ToArray()));
        Assert.Equal(200, response.Status);
        Assert.Equal(1, response.Count("received"));
        Assert.Equal("[7]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task BrokenChunkFramingAnswers400()
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.CreatePlotAsync("tok400-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok400-stream-token") + "zz\r\n{}\r\n");

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid or malformed request syntax", (string?)response.Json["message"]);
        Assert.StartsWith("chunk size 'zz' is not hex", (string?)response.Json["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkWhoseSizeDoesNotMatchItsDataAnswers400BeforeAnyOfItIsApplied()
    {
        // Python's chunked_request counts characters, not bytes: "é" is 2 bytes, so this chunk's 17 bytes are sent as 0x10.
        // Before, the byte after the data was taken for the next size line, the object lost its '\n' and was joined to the
        // next one: 422 "'{' is invalid after a single JSON value", a JSON error for a framing one.
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok400-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok400-stream-token") + Chunk("{\"x\":0,\"y\":0}\n")
            + "10\r\n{\"x\":1,\"y\":\"é\"}\n\r\ne\r\n{\"x\":2,\"y\":2}\n\r\n0\r\n\r\n");

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid or malformed request syntax", (string?)response.Json["message"]);
        Assert.StartsWith("the chunk of 16 bytes (size 10) is not followed by CRLF, so its size does not match its data; nothing of it was applied. "
            + "Give each chunk's size in bytes, not characters", (string?)response.Json["detail"], StringComparison.Ordinal);
        Assert.Equal(1, response.Count("received")); // the chunk before it is kept
        Assert.Equal("[0]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task AChunkSizeTooLargeForItsDataAnswers400NotAJsonError()
    {
        // A size past the data swallows the CRLF and the next chunk's size line: before, "e" became a line of its own (422).
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok400-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok400-stream-token")
            + "16\r\n{\"x\":1,\"y\":1}\n\r\ne\r\n{\"x\":2,\"y\":2}\n\r\n0\r\n\r\n");

        Assert.Equal(400, response.Status);
        Assert.StartsWith("the chunk of 22 bytes (size 16) is not followed by CRLF", (string?)response.Json["detail"], StringComparison.Ordinal);
        Assert.Equal(0, response.Count("received"));
        Assert.Equal("[]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", "header line 'no colon' has no name")]
    [InlineData("POST / HTTP/1.1 extra\r\nHost: x\r\n\r\n", "request line 'POST / HTTP/1.1 extra' is not 'METHOD TARGET HTTP/1.1'")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: tok400-stream-token\r\nContent-Length: lots\r\n\r\n", "Content-Length 'lots' is not")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: tok400-stream-token\r\nTransfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding 'gzip' is not")]
    public async Task MalformedHeadAnswers400WithWhatWasWrong(string request, string detail)
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.CreatePlotAsync("tok400-stream-token");

        RawResponse response = await server.ExchangeAsync(request);

        Assert.Equal(400, response.Status);
        Assert.StartsWith(detail, (string?)response.Json["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenDroppedFromItsPlotWhileStreamingAnswers403()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok403-stream-token", filename: "moving");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync(string.Format(Head, "tok403-stream-token") + Chunk("{\"y\":1}\n"));
        await Eventually.TrueAsync(async () => (long)(await server.FigureAsync(plot))["streams"]![0]!["received"]! == 1, "the first point");

        await server.CreatePlotAsync("another-token", filename: "moving");
        await connection.SendAsync(Chunk("{\"y\":2}\n"));

        RawResponse response = await connection.ReadToEndAsync();
        Assert.Equal(403, response.Status);
        Assert.Equal("stream token no longer associated with this plot", (string?)response.Json["message"]);
        Assert.Equal("the plot no longer streams this token (a /clientresp overwrite left it out, or the plot was deleted): make the plot "
            + "again with the token as a trace's stream.token", (string?)response.Json["detail"]);
    }

    // A heart-rate stream whose reading does not change sends only heartbeats: it hears of its dropped token at the next one.
    [Fact]
    public async Task TokenDroppedWhileTheStreamOnlyHeartbeatsAnswers403AtTheNextHeartbeat()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok403-quiet-token", filename: "quiet");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync(string.Format(Head, "tok403-quiet-token") + Chunk("{\"y\":72}\n") + Chunk("\n"));
        await Eventually.TrueAsync(async () => (long)(await server.FigureAsync(plot))["streams"]![0]!["received"]! == 1, "the first point");

        await server.CreatePlotAsync("another-quiet-token", filename: "quiet");
        await connection.SendAsync(Chunk("\n"));

        RawResponse response = await connection.ReadToEndAsync();
        Assert.Equal(403, response.Status);
        Assert.Equal("stream token no longer associated with this plot", (string?)response.Json["message"]);
        Assert.Equal("the plot no longer streams this token (a /clientresp overwrite left it out, or the plot was deleted): make the plot "
            + "again with the token as a trace's stream.token", (string?)response.Json["detail"]);
    }

    [Fact]
    public async Task UnknownTokenAnswers404()
    {
        await using TestServer server = await TestServer.StartAsync();

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "never-bound") + "0\r\n\r\n");

        Assert.Equal(404, response.Status);
        Assert.Equal("streamtoken not registered or valid", (string?)response.Json["message"]);
        Assert.Equal("no plot on this server has a trace with this stream token: make the plot with /clientresp, giving the token as a "
            + "trace's stream.token, then stream again", (string?)response.Json["detail"]);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task AnythingButPostAnswers405(string method)
    {
        await using TestServer server = await TestServer.StartAsync();

        RawResponse response = await server.ExchangeAsync($"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nplotly-streamtoken: x-stream-token\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(405, response.Status);
        Assert.Contains("use POST for streaming", response.Body);
    }

    // Every real client sends "POST / " (reference/plotly-streaming-protocol.md); a stream to another target is answered by
    // Kestrel, and must say what was wrong with the request rather than speak of a connection used twice.
    [Theory]
    [InlineData("/?a=b")]
    [InlineData("http://127.0.0.1/")]
    public async Task AStreamToATargetOtherThanSlashSaysTheTargetMustBeSlash(string target)
    {
        await using TestServer server = await TestServer.StartAsync();

        RawResponse response = await server.ExchangeAsync($"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nplotly-streamtoken: x-stream-token\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, response.Status);
        Assert.Equal($"a stream's request target must be exactly '/', not '{target}': send 'POST / HTTP/1.1' with no query string or absolute URL", (string?)response.Json["message"]);
    }

    [Fact]
    public async Task MissingTokenHeaderAnswers406()
    {
        await using TestServer server = await TestServer.StartAsync();

        RawResponse response = await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        Assert.Equal(406, response.Status);
        Assert.Equal("bad request header: missing 'plotly-streamtoken'", (string?)response.Json["message"]);
        Assert.Equal("send the stream token of one of the plot's traces (its stream.token in the /clientresp request that made the plot) "
            + "in the plotly-streamtoken header", (string?)response.Json["detail"]);
    }

    [Fact]
    public async Task SilenceLongerThanStaleSecondsAnswers408()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.StaleSeconds = 1);
        string plot = await server.CreatePlotAsync("tok408-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok408-stream-token") + Chunk("{\"y\":5}\n"));

        Assert.Equal(408, response.Status);
        Assert.Equal("timeout on active data", (string?)response.Json["message"]);
        Assert.Equal("nothing came for 1 s (--stale-seconds): send an object or a heartbeat ('\\n') at least that often", (string?)response.Json["detail"]);
        Assert.Equal("[5]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task AStreamsHeadHasTheStaleLimitToCome()
    {
        // Node sends a stream's head with its first write(), which may come a while after the stream was opened. Before, the
        // head had 30 s whatever --stale-seconds said (Plotly's limit is a minute): an npm stream whose first object came
        // after 30 s was reset without an answer. Now the head has the stale limit, as the silence after it does.
        await using TestServer server = await TestServer.StartAsync(o => (o.StaleSeconds, o.ThrottleMilliseconds) = (4, 0));
        string plot = await server.CreatePlotAsync("late-stream-token");
        await using RawConnection late = await RawConnection.OpenAsync(server.Port);
        await using RawConnection silent = await RawConnection.OpenAsync(server.Port);
        await using RawConnection halfHead = await RawConnection.OpenAsync(server.Port);

        await halfHead.SendAsync("POST / HTTP/1.1\r\nHost: x\r\n");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await late.SendAsync(string.Format(Head, "late-stream-token") + Chunk("{\"y\":3}\n") + "0\r\n\r\n");
        RawResponse served = await late.ReadToEndAsync();
        RawResponse closed = await silent.ReadToEndAsync(); // before, only after 30 s: past RawHttp.Timeout's 20 s
        RawResponse timedOut = await halfHead.ReadToEndAsync();

        Assert.Equal(200, served.Status);
        Assert.Equal("[3]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
        Assert.Equal("", closed.Text); // nothing said it was a stream
        Assert.Equal(408, timedOut.Status);
        Assert.Equal("the request head was not complete within 4 s (--stale-seconds, at most 60); send the head and a first object or a heartbeat ('\\n') within that time",
            (string?)timedOut.Json["detail"]); // names the limit it waited for: no clock needed
    }

    [Fact]
    public async Task ALineSentSlowerThanStaleSecondsIsNotStaleWhileItsBytesKeepComing()
    {
        // A device resending a long window over a poor link: no '\n' for longer than --stale-seconds, bytes all along.
        // A part every 0.5 s against a 3 s limit: a busy 2-core machine that delays a part several times over still
        // keeps under it (at 2 s against 0.6 s the server once ended the stream stale under a loaded CI-like run).
        await using TestServer server = await TestServer.StartAsync(o => o.StaleSeconds = 3);
        string plot = await server.CreatePlotAsync("tok408-stream-token");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);

        await connection.SendAsync(string.Format(Head, "tok408-stream-token"));
        foreach (string part in new[] { "{\"x\":[1,", "2,", "3,", "4,", "5,", "6,", "7,", "8],", "\"y\":[1,2,3,4,5,6,7,8]}\n" })
        {
            await connection.SendAsync(Chunk(part));
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // 4.5 s in all, a sixth of the stale time between parts
        }

        await connection.SendAsync("0\r\n\r\n");
        RawResponse response = await connection.ReadToEndAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal(1, response.Count("received"));
        Assert.Equal("[1,2,3,4,5,6,7,8]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Theory]
    [InlineData("")] // still coming
    [InlineData("\"}\n")] // complete
    public async Task LineOverTheLimitAnswers413(string end)
    {
        await using TestServer server = await TestServer.StartAsync(o => o.MaxLineBytes = 1024);
        await server.CreatePlotAsync("tok413-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok413-stream-token") + Chunk("{\"text\":\"" + new string('a', 2000) + end));

        Assert.Equal(413, response.Status);
        Assert.Equal("a line is longer than 1024 bytes (--max-line-bytes): end each JSON object with \\n and keep it shorter", (string?)response.Json["detail"]);
    }

    [Theory]
    [InlineData("{\"x-stream-token\": 1,")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    public async Task LineThatIsNotAJsonObjectAnswers422(string line)
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.CreatePlotAsync("tok422-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok422-stream-token") + Chunk(line + "\n"));

        Assert.Equal(422, response.Status);
        Assert.Equal("json parse error: please stream newline seperated JSON", (string?)response.Json["message"]);
    }

    [Theory]
    [InlineData("{\"x\":1e400,\"y\":1}", "1e400")]
    [InlineData("{\"x\":1,\"y\":-1e999}", "-1e999")]
    [InlineData("{\"x\":1,\"y\":[1,2E309]}", "2E309")]
    public async Task ANumberBeyondADoublesRangeAnswers422AsNaNDoesAndChangesNothing(string line, string number)
    {
        // Before, 1e400 was stored and served as written: browsers read it as Infinity and the page showed "no reading".
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok422-stream-token");

        RawResponse nan = await server.ExchangeAsync(string.Format(Head, "tok422-stream-token") + Chunk("{\"y\":NaN}\n"));
        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok422-stream-token") + Chunk("{\"y\":1}\n") + Chunk(line + "\n") + Chunk("{\"y\":2}\n") + "0\r\n\r\n");

        Assert.Equal(422, nan.Status);
        Assert.Equal(422, response.Status);
        Assert.Equal($"the number {number} is beyond the range of a double (at most 1.7976931348623157e308 either side of 0), which browsers read as "
            + "Infinity and no plot can show; send finite numbers, as JSON has no NaN or Infinity", (string?)response.Json["detail"]);
        Assert.Equal("[1]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Theory]
    [InlineData("{\"y\":{\"v\":72}}", "'y' must be a number, string or null (appended) or an array (replaces), not an object")]
    [InlineData("{\"marker\":{\"color\":{\"r\":1}}}", "'marker.color' must be a number")]
    [InlineData("{\"marker\":5}", "'marker' must be an object of data attributes")]
    [InlineData("{\"layout\":5}", "'layout' must be an object of relayout keys")]
    public async Task KnownKeyOfTheWrongTypeAnswers422AndChangesNothing(string line, string detail)
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok422-stream-token");

        RawResponse response = await server.ExchangeAsync(string.Format(Head, "tok422-stream-token") + Chunk("{\"y\":1}\n") + Chunk(line + "\n") + Chunk("{\"y\":2}\n"));

        Assert.Equal(422, response.Status);
        Assert.StartsWith(detail, (string?)response.Json["detail"], StringComparison.Ordinal);
        Assert.Equal("[1]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task SecondConnectionWithTheSameTokenEndsTheFirstWith423()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok423-stream-token");
        await using RawConnection first = await RawConnection.OpenAsync(server.Port);
        await first.SendAsync(string.Format(Head, "tok423-stream-token") + Chunk("{\"y\":1}\n"));
        await Eventually.TrueAsync(async () => (long)(await server.FigureAsync(plot))["streams"]![0]!["received"]! == 1, "the first connection's point");

        await using RawConnection second = await RawConnection.OpenAsync(server.Port);
        await second.SendAsync(string.Format(Head, "tok423-stream-token") + Chunk("{\"y\":2}\n"));

        RawResponse firstResponse = await first.ReadToEndAsync();
        Assert.Equal(423, firstResponse.Status);
        Assert.Equal("a newer connection streams with this token, and a token streams on one connection at a time (the oldest is ended); "
            + "if two devices or programs share the token, give each its own", (string?)firstResponse.Json["detail"]);
        await second.SendAsync(Chunk("{\"y\":3}\n") + "0\r\n\r\n");
        RawResponse secondResponse = await second.ReadToEndAsync();
        Assert.Equal(200, secondResponse.Status);
        Assert.Equal(2, secondResponse.Count("received"));
        Assert.Equal("[1,2,3]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }
}
