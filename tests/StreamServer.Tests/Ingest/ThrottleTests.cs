using System.Diagnostics;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

public sealed class ThrottleTests
{
    private static readonly long s_millisecond = Stopwatch.Frequency / 1000;

    [Fact]
    public void BurstIsCutToTwoObjectsThenOnePerInterval()
    {
        var throttle = new StreamThrottle(50);
        long start = 1_000_000 * s_millisecond;

        bool[] burst = Enumerable.Range(0, 5).Select(_ => throttle.TryAccept(start)).ToArray();

        Assert.Equal([true, true, false, false, false], burst);
        Assert.False(throttle.TryAccept(start + (49 * s_millisecond)));
        Assert.True(throttle.TryAccept(start + (50 * s_millisecond)));
    }

    [Fact]
    public void ClientSendingEvery50MillisecondsWithJitterLosesNothing()
    {
        var throttle = new StreamThrottle(50);
        long start = 1_000_000 * s_millisecond;
        // Sent every 50 ms, delivered up to 30 ms late and sometimes two together.
        int[] jitterMilliseconds = [0, 30, 0, 25, 25, 0, 10, 30, 0, 0];

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
        string plot = await server.CreatePlotAsync("flood");
        string objects = string.Concat(Enumerable.Range(1, 20).Select(i => $"{{\"y\":{i}}}\n"));
        long started = Stopwatch.GetTimestamp();

        RawResponse response = await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: flood\r\n\r\n" + Chunk(objects) + "0\r\n\r\n");

        double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        long received = response.Count("received");
        long dropped = response.Count("dropped");
        Assert.Equal(200, response.Status);
        Assert.Equal(20, received + dropped);
        // Two at once, then at most one per 50 ms of however long the exchange took.
        Assert.InRange(received, 2, 2 + (long)Math.Ceiling(elapsedMilliseconds / 50));
        System.Text.Json.Nodes.JsonObject figure = await server.FigureAsync(plot);
        Assert.Equal(dropped, (long)figure["streams"]![0]!["dropped"]!);
        Assert.Equal(received, figure["data"]![0]!["y"]!.AsArray().Count);
        Assert.Equal(1, (int)figure["data"]![0]!["y"]![0]!);
    }
}
