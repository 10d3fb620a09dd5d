using System.Diagnostics;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

public sealed class ThrottleTests
{
    private static readonly long s_millisecond = Stopwatch.Frequency / 1000;

    [Fact]
    public void BurstIsCutToTheBufferThenOnePerInterval()
    {
        var throttle = new StreamThrottle(50);
        long start = 1_000_000 * s_millisecond;

        int accepted = Enumerable.Range(0, 25).Count(_ => throttle.TryAccept(start));

        Assert.Equal(StreamThrottle.BurstObjects, accepted);
        Assert.True(throttle.TryAccept(start + (50 * s_millisecond)));
        Assert.False(throttle.TryAccept(start + (60 * s_millisecond)));
        Assert.True(throttle.TryAccept(start + (100 * s_millisecond)));
    }

    [Fact]
    public void ClientSendingEvery50MillisecondsWithJitterLosesNothing()
    {
        var throttle = new StreamThrottle(50);
        long start = 1_000_000 * s_millisecond;
        // Sent every 50 ms, delivered up to 300 ms late (a stall), several together.
        int[] jitterMilliseconds = [0, 30, 0, 25, 300, 250, 200, 150, 100, 50, 0, 10, 30, 0, 0];

        bool[] accepted = jitterMilliseconds.Select((jitter, i) => throttle.TryAccept(start + (((i * 50) + jitter) * s_millisecond))).ToArray();

        Assert.All(accepted, Assert.True);
    }

    [Fact]
    public void ZeroIntervalAcceptsEverything()
    {
        var throttle = new StreamThrottle(0);

        Assert.All(Enumerable.Range(0, 100).Select(_ => throttle.TryAccept(0)), Assert.True);
    }

    [Fact]
    public async Task FloodIsDroppedAndCountedInTheAnswerAndTheFigure()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 50);
        string plot = await server.CreatePlotAsync("flood-stream-token");
        string objects = string.Concat(Enumerable.Range(1, 40).Select(i => $"{{\"y\":{i}}}\n"));
        long started = Stopwatch.GetTimestamp();

        RawResponse response = await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: flood-stream-token\r\n\r\n" + Chunk(objects) + "0\r\n\r\n");

        double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        long received = response.Count("received");
        long dropped = response.Count("dropped");
        Assert.Equal(200, response.Status);
        Assert.Equal(40, received + dropped);
        // The buffer at once, then at most one per 50 ms of however long the exchange took.
        Assert.InRange(received, StreamThrottle.BurstObjects, StreamThrottle.BurstObjects + (long)Math.Ceiling(elapsedMilliseconds / 50));
        System.Text.Json.Nodes.JsonObject figure = await server.FigureAsync(plot);
        Assert.Equal(dropped, (long)figure["streams"]![0]!["dropped"]!);
        Assert.Equal(received, figure["data"]![0]!["y"]!.AsArray().Count);
        Assert.Equal(1, (int)figure["data"]![0]!["y"]![0]!);
    }
}
