using System.Text;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>The exact bytes of real Plotly clients (shared/reference/plotly-streaming-protocol.md
/// and the seed README) are accepted and keep all their data.</summary>
public sealed class RealClientBytesTests
{
    [Fact]
    public async Task SeedReadmeRawPostByteForByte()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("ab3dk4FBDd");
        // Copied from the seed's "HTTP Details" section: chunk size 11 hex = 17 bytes each.
        string seed = "POST / HTTP/1.1\r\nHost: stream.plot.ly\r\nUser-Agent: Python\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nplotly-streamtoken: ab3dk4FBDd\r\n\r\n"
            + "11\r\n{\"y\": 1, \"x\": 1}\n\r\n11\r\n{\"y\": 2, \"x\": 2}\n\r\n11\r\n{\"y\": 3, \"x\": 3}\n\r\n0\r\n\r\n";

        RawResponse response = await server.ExchangeAsync(seed);

        Assert.Equal(200, response.Status);
        System.Text.Json.Nodes.JsonNode trace = await server.FirstTraceAsync(plot);
        Assert.Equal("[1,2,3]", trace["x"]!.ToJsonString());
        Assert.Equal("[1,2,3]", trace["y"]!.ToJsonString());
    }

    [Fact]
    public async Task PythonCloseSequenceWithTwoHostHeadersKeepsAllData()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok1-stream-token");
        // chunked_request.py: http.client's Host plus the explicit one, then "\r\n0\r\n\r\n" to close.
        string python = "POST / HTTP/1.1\r\nHost: 127.0.0.1:9101\r\nAccept-Encoding: identity\r\nTransfer-Encoding: chunked\r\nHost: 127.0.0.1\r\nplotly-streamtoken: tok1-stream-token\r\n\r\n"
            + "11\r\n{\"x\": 1, \"y\": 2}\n\r\n1\r\n\n\r\n11\r\n{\"x\": 2, \"y\": 4}\n\r\n\r\n0\r\n\r\n";

        RawResponse response = await server.ExchangeAsync(python);

        Assert.Equal(200, response.Status);
        Assert.Equal(2, response.Count("received"));
        Assert.Equal(1, response.Count("heartbeats"));
        System.Text.Json.Nodes.JsonNode trace = await server.FirstTraceAsync(plot);
        Assert.Equal("[1,2]", trace["x"]!.ToJsonString());
        Assert.Equal("[2,4]", trace["y"]!.ToJsonString());
    }

    [Fact]
    public async Task NodeClientBytesWithHeartbeatChunk()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("tok1-stream-token");
        string node = $"POST / HTTP/1.1\r\nplotly-streamtoken: tok1-stream-token\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "e\r\n{\"x\":1,\"y\":2}\n\r\n1\r\n\n\r\ne\r\n{\"x\":2,\"y\":3}\n\r\n0\r\n\r\n";

        RawResponse response = await server.ExchangeAsync(node);

        Assert.Equal(200, response.Status);
        Assert.Equal("[2,3]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task EachByteInItsOwnSegmentStillParses()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("slow-drip-stream-token");
        byte[] request = Encoding.UTF8.GetBytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: slow-drip-stream-token\r\n\r\n"
            + Chunk("{\"x\":\"2024-01-01 10:00:00\",\"y\":7,\"text\":\"é\"}\n") + "0\r\n\r\n");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);

        foreach (byte b in request)
        {
            await connection.SendAsync([b]);
        }

        Assert.Equal(200, (await connection.ReadToEndAsync()).Status);
        System.Text.Json.Nodes.JsonNode trace = await server.FirstTraceAsync(plot);
        Assert.Equal("2024-01-01 10:00:00", (string?)trace["x"]![0]);
        Assert.Equal("é", (string?)trace["text"]![0]);
    }

    [Fact]
    public async Task CurlStyleExpectContinueGets100ThenTheAnswer()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        await server.CreatePlotAsync("curl-stream-token");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nplotly-streamtoken: curl-stream-token\r\n\r\n");
        await connection.SendAsync(Chunk("{\"y\":1}\n") + "0\r\n\r\n");

        RawResponse response = await connection.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK", response.Text);
    }

    [Fact]
    public async Task ContentLengthBodyWithoutChunking()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("plain-stream-token");
        string body = "{\"y\":1}\n{\"y\":2}\n";

        RawResponse response = await server.ExchangeAsync($"POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: plain-stream-token\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.Equal(200, response.Status);
        Assert.Equal("[1,2]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task HeartbeatsKeepAQuietStreamOpenPastTheStaleLimit()
    {
        // A 5 s stale limit against heartbeats every 400 ms: a busy machine may stall a heartbeat for seconds (a 2 s limit
        // closed the stream in a CI run), and the stream must still outlive the limit, so it lasts 5.2 s.
        await using TestServer server = await TestServer.StartAsync(o => o.StaleSeconds = 5);
        string plot = await server.CreatePlotAsync("quiet-stream-token");
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: quiet-stream-token\r\n\r\n");

        // Real time has to pass here: 5.2 s, longer than the stale limit, bridged by heartbeats.
        for (int i = 0; i < 13; i++)
        {
            await Task.Delay(400);
            await connection.SendAsync(Chunk("\n"));
        }

        await connection.SendAsync(Chunk("{\"y\":9}\n") + "0\r\n\r\n");
        RawResponse response = await connection.ReadToEndAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal(13, response.Count("heartbeats"));
        Assert.Equal("[9]", (await server.FirstTraceAsync(plot))["y"]!.ToJsonString());
    }
}
