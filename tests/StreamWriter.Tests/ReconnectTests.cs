using System.Text.Json;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.StreamWriter.Tests.Infrastructure;

namespace HeartRateStreamer.StreamWriter.Tests;

/// <summary>Failures from a real server: each leads to reconnection with growing delays and the window resent; 404 stops.</summary>
public sealed class ReconnectTests : IDisposable
{
    private readonly LoopbackStreamServer _server = new();

    [Fact]
    public void AServerClosingMidChunkGetsTheWindowAfterGrowingDelays()
    {
        _server.Script(ServerBehavior.CloseMidChunk(30), ServerBehavior.CloseMidChunk(30), ServerBehavior.CloseMidChunk(30));
        using var harness = new StreamHarness(_server.Port, maxPoints: 50);
        harness.Append(0);

        harness.RunUntil(() => _server.ConnectionCount == 4 && _server.Request(3).Objects.Count > 0, "the fourth connection's first object", appendEveryMilliseconds: 100);

        AssertGrowingDelays(harness, 3);
        AssertWindowResent(harness, _server.Request(3));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(_server.Request(i).WaitUntil(r => r.Closed, TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public void RefusedConnectionsForTwentySecondsThenTheWindow()
    {
        _server.StopListening();
        using var harness = new StreamHarness(_server.Port, maxPoints: 100);
        bool listening = false;

        harness.RunUntil(
            () =>
            {
                if (!listening && harness.Clock.Milliseconds >= 20_000)
                {
                    _server.StartListening();
                    listening = true;
                }

                return _server.ConnectionCount == 1 && _server.Request(0).Objects.Count > 0;
            },
            "the connection after the outage",
            appendEveryMilliseconds: 500);

        IReadOnlyList<(long Time, string Message)> messages = harness.Messages;
        Assert.Contains(messages, m => m.Message.Contains("connection refused"));
        long connectedAt = messages.First(m => m.Message.StartsWith("connected to")).Time;
        Assert.True(connectedAt >= 20_000, $"connected at {connectedAt} ms, during the outage");
        int refusals = messages.Count(m => m.Message.StartsWith("could not connect"));
        Assert.InRange(refusals, 4, 10);
        AssertGrowingDelays(harness, refusals);
        AssertWindowResent(harness, _server.Request(0));
        int windowPoints = JsonDocument.Parse(_server.Request(0).Objects[0]).RootElement.GetProperty("x").GetArrayLength();
        Assert.True(windowPoints >= 40, $"the window held {windowPoints} points; two a second through a 20 s outage make at least 40");
    }

    [Fact]
    public void A408AnswerIsReadAndLeadsToGrowingDelaysThenTheWindow()
    {
        _server.Script(ServerBehavior.AnswerAfterHead(408), ServerBehavior.AnswerAfterHead(408), ServerBehavior.AnswerAfterHead(408));
        using var harness = new StreamHarness(_server.Port, maxPoints: 50);
        harness.Append(0);

        harness.RunUntil(() => _server.ConnectionCount == 4 && _server.Request(3).Objects.Count > 0, "the fourth connection's first object", appendEveryMilliseconds: 100);

        Assert.Equal(3, harness.Messages.Count(m => m.Message.Contains("the server answered 408 Request Timeout (timeout on active data)")));
        AssertGrowingDelays(harness, 3);
        AssertWindowResent(harness, _server.Request(3));
    }

    [Fact]
    public void A404IsTriedAgainWithGrowingDelaysAndTheStreamGoesOnOnceTheServerKnowsTheToken()
    {
        // A cluster node that has not read a new plot yet, or a server that lost its plots until the device made it again.
        _server.Script(ServerBehavior.AnswerAfterHead(404), ServerBehavior.AnswerAfterHead(404), ServerBehavior.AnswerAfterHead(404));
        using var harness = new StreamHarness(_server.Port, maxPoints: 50, token: "late-token");
        harness.Append(0);

        harness.RunUntil(() => _server.ConnectionCount == 4 && _server.Request(3).Objects.Count > 0, "the fourth connection's first object", appendEveryMilliseconds: 100);

        Assert.Equal(3, harness.Messages.Count(m => m.Message.Contains(
            "the server answered 404 Not Found (streamtoken not registered or valid): stream token not registered. It does not know the token (10 characters); reconnecting in ")));
        AssertGrowingDelays(harness, 3);
        AssertWindowResent(harness, _server.Request(3));
        Assert.Equal(StreamState.Streaming, harness.Stream.State);
    }

    public void Dispose() => _server.Dispose();

    // Equal jitter: each delay lies in [ceiling/2, ceiling] for ceilings 1, 2, 4... s, so they never shrink while the
    // ceiling doubles; from the 60 s cap on each is drawn afresh (ExponentialBackoff), so only those before it are compared.
    private static void AssertGrowingDelays(StreamHarness harness, int failures)
    {
        IReadOnlyList<int> delays = harness.ReconnectDelays;
        Assert.Equal(failures, delays.Count);
        for (int i = 0; i < delays.Count; i++)
        {
            int ceiling = Math.Min(1000 << i, 60_000);
            Assert.InRange(delays[i], ceiling / 2, ceiling);
            if (i > 0 && ceiling < 60_000)
            {
                Assert.True(delays[i] >= delays[i - 1], $"delay {i} ({delays[i]} ms) is shorter than the one before ({delays[i - 1]} ms)");
            }
        }
    }

    // The first object of a connection is the window: the newest maxpoints points appended before it, as arrays.
    private static void AssertWindowResent(StreamHarness harness, RecordedRequest request)
    {
        Assert.Equal("", request.Error);
        using JsonDocument window = JsonDocument.Parse(request.Objects[0]);
        long[] times = window.RootElement.GetProperty("x").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        double[] values = window.RootElement.GetProperty("y").EnumerateArray().Select(y => y.GetDouble()).ToArray();
        long last = times[^1];
        (long Time, double Value)[] expected = harness.Appended.Where(p => p.Time <= last).TakeLast(harness.Stream.MaxPoints).ToArray();
        Assert.Equal(expected.Select(p => p.Time), times);
        Assert.Equal(expected.Select(p => p.Value), values);
    }
}
