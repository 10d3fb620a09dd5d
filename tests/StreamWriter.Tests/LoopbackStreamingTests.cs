using System.Text.Json;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.StreamWriter.Tests.Infrastructure;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.StreamWriter.Tests;

/// <summary>The stream writer over a real socket to a loopback server that reads the request strictly.</summary>
public sealed class LoopbackStreamingTests : IDisposable
{
    private readonly LoopbackStreamServer _server = new();

    [Fact]
    public void SendsTheHeadAndEndsWithTheLastChunkAndReadsTheAnswer()
    {
        using var harness = new StreamHarness(_server.Port, token: "head-check");
        harness.Append(1);
        harness.Stream.Service();
        Assert.True(_server.WaitForConnections(1, TimeSpan.FromSeconds(10)));
        RecordedRequest request = _server.Request(0);
        Assert.True(request.WaitUntil(r => r.Objects.Count == 1, TimeSpan.FromSeconds(10)));

        harness.Stream.End();

        Assert.True(request.WaitUntil(r => r.Closed, TimeSpan.FromSeconds(10)));
        Assert.Equal("", request.Error);
        Assert.True(request.Ended, "the body ended with 0\\r\\n\\r\\n");
        Assert.Equal("POST / HTTP/1.1", request.RequestLine);
        Assert.Equal("127.0.0.1:" + _server.Port, request.Field("Host"));
        Assert.Equal("head-check", request.Field("plotly-streamtoken"));
        Assert.Equal("chunked", request.Field("Transfer-Encoding"));
        Assert.Equal("close", request.Field("Connection"));
        Assert.StartsWith("HeartRateStreamer/", request.Field("User-Agent"));
        Assert.Equal(200, harness.Stream.LastServerStatus);
        Assert.Equal(StreamState.Ended, harness.Stream.State);
    }

    [Fact]
    public void CadenceHoldsAtHundredSamplesPerSecond()
    {
        using var harness = new StreamHarness(_server.Port, maxPoints: 500);
        for (int sample = 0; sample < 1000; sample++)
        {
            harness.Clock.Advance(10);
            harness.Append(sample);
            harness.Stream.Service();
        }

        harness.Stream.End();
        RecordedRequest request = _server.Request(0);
        Assert.True(request.WaitUntil(r => r.Closed, TimeSpan.FromSeconds(10)));
        Assert.Equal("", request.Error);

        // In stream time, no two objects left closer than Plotly's limit (the first send is the head, the second the window).
        IReadOnlyList<long> sends = harness.StampedTransport.SendTimes;
        for (int i = 2; i < sends.Count - 1; i++)
        {
            Assert.True(sends[i] - sends[i - 1] >= StreamSettings.MinimumObjectIntervalMilliseconds, $"objects sent at {sends[i - 1]} and {sends[i]} ms");
        }

        // The server got the window, then one point per object at 20 per second, in order, each one that was appended.
        List<long> times = request.Objects.Skip(1).Select(o => JsonDocument.Parse(o).RootElement.GetProperty("x").GetInt64()).ToList();
        Assert.Equal(199, times.Count);
        Assert.Equal(times.Order(), times);
        Assert.All(times, time => Assert.Contains(harness.Appended, point => point.Time == time));
        Assert.Equal(request.Objects.Count, request.Chunks);
        Assert.Equal(1000 - 1 - 199 - PlotStream.PendingPointCapacity, harness.Stream.PointsCoalesced);
    }

    [Fact]
    public void TheDecimatedWaveformArrivesWhole()
    {
        using var harness = new StreamHarness(_server.Port, maxPoints: 500, decimals: 2);
        var decimator = new AntiAliasDecimator(100, StreamSettings.MaximumObjectsPerSecond);
        harness.Stream.Service();
        var sent = new List<long>();
        for (int sample = 0; sample < 1000; sample++)
        {
            harness.Clock.Advance(10);
            if (decimator.Add(harness.Clock.Milliseconds, 512 + (sample % 100)))
            {
                sent.Add(decimator.OutputTimeMilliseconds);
                harness.Stream.Append(decimator.OutputTimeMilliseconds, decimator.OutputValue);
            }

            harness.Stream.Service();
        }

        RecordedRequest request = _server.Request(0);
        Assert.True(request.WaitUntil(r => r.Objects.Count == sent.Count, TimeSpan.FromSeconds(10)), $"{request.Objects.Count} of {sent.Count} points arrived");
        // The stream connected before the first point, so that point went as the window (an array, replacing the trace).
        JsonElement window = JsonDocument.Parse(request.Objects[0]).RootElement.GetProperty("x");
        Assert.Equal(JsonValueKind.Array, window.ValueKind);
        List<long> received = [.. window.EnumerateArray().Select(x => x.GetInt64()),
            .. request.Objects.Skip(1).Select(o => JsonDocument.Parse(o).RootElement.GetProperty("x").GetInt64())];
        Assert.Equal(sent, received);
        Assert.InRange(received.Count, 195, 200);
        Assert.All(received.Zip(received.Skip(1)), pair => Assert.Equal(StreamSettings.MinimumObjectIntervalMilliseconds, pair.Second - pair.First));
        Assert.Equal(0, harness.Stream.PointsCoalesced);
    }

    [Fact]
    public void HeartbeatsArriveWhenNoFingerGivesNoPoints()
    {
        using var harness = new StreamHarness(_server.Port);
        var loops = new LoopMonitor(harness.Clock, 1);
        var watchdog = new Watchdog(loops, [harness.Stream], new ThrowingRebootAction());
        harness.Stream.Service();

        for (int second = 1; second <= 95; second++)
        {
            harness.Clock.Advance(1000);
            watchdog.Tick();
        }

        RecordedRequest request = _server.Request(0);
        Assert.True(request.WaitUntil(r => r.Heartbeats == 3, TimeSpan.FromSeconds(10)), $"{request.Heartbeats} heartbeats arrived");
        Assert.Empty(request.Objects);
        Assert.Equal(3, request.Chunks);
        Assert.Equal(3, watchdog.HeartbeatsSent);
        Assert.Equal("", request.Error);
    }

    public void Dispose() => _server.Dispose();

    private sealed class ThrowingRebootAction : IRebootAction
    {
        public void Reboot(string reason) => throw new InvalidOperationException("no loop is watched here, yet the watchdog asked to reboot: " + reason);
    }
}
