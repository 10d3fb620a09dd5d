using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The connecting job (Wi-Fi, clock, plot, stream threads) meets what none of its steps handles: here the platform's
/// Wi-Fi join throws, as a native call or an allocation on a small heap can on a board. It used to log one line and end,
/// leaving the device measuring offline for good; now it tries again, and reboots after three throws in a row.
/// </summary>
public sealed class ConnectingFaultTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task AJoinThatThrowsOnceIsTriedAgainAndTheDeviceStreams()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ThrowOnConnect(new OutOfMemoryException("the Wi-Fi join could not allocate"), 1);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(90_000);
        });

        Assert.Contains("Connecting failed (1 of 3 in a row before a reboot): OutOfMemoryException: the Wi-Fi join could not allocate; trying again in 30 s.", run.Log);
        Assert.True(run.Run.Device.IsStreaming, $"the device should stream after the second try; log:\n{run.Log}");
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(StreamState.Streaming, stream.State));
        Assert.Equal("", run.Run.Board.RebootReason);
        run.AssertHeartRate(75);
    }

    [Fact]
    public async Task AJoinThatThrowsEveryTimeRebootsTheDeviceAfterTheThirdTry()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ThrowOnConnect(new InvalidOperationException("the Wi-Fi helper is set up already"), int.MaxValue);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(70_000);
            Assert.Equal("", run.Run.Board.RebootReason);
            run.RunUntil(80_000);
        });

        // Tries at 0, 30 and 60 s; the third throw is said in the log and the reboot follows after supervision.rebootDelaySeconds.
        Assert.Contains("REBOOT in 15 s: connecting failed 3 times in a row: InvalidOperationException: the Wi-Fi helper is set up already", run.Log);
        Assert.Equal("connecting failed 3 times in a row: InvalidOperationException: the Wi-Fi helper is set up already", run.Run.Board.RebootReason);
        Assert.False(run.Run.Device.IsStreaming);
        run.AssertHeartRate(75);
    }

    [Fact]
    public async Task ThrowsAtStepsThatEachGotFurtherAreNotInARow()
    {
        // The join throws at 0 and 30 s and joins at 60 s; then the clock wait throws, once. The join's completion
        // ended the row, so this is the first throw of a new one (before, the third "in a row": a reboot).
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ThrowOnConnect(new InvalidOperationException("the Wi-Fi helper is set up already"), 2);
        run.Run.Board.WallClock.ThrowOnWait(new InvalidOperationException("SNTP could not start"), 1);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(120_000);
        });

        Assert.Contains("Connecting failed (1 of 3 in a row before a reboot): InvalidOperationException: SNTP could not start", run.Log);
        Assert.Equal("", run.Run.Board.RebootReason);
        Assert.True(run.Run.Device.IsStreaming, $"the device should stream after the clock's second try; log:\n{run.Log}");
    }

    // On an exhausted heap, building a fault's text throws again: here the exception's own Message does.
    private sealed class UndescribableException : Exception
    {
        public override string Message => throw new OutOfMemoryException("no heap for the message");
    }

    [Fact]
    public async Task AJoinWhoseFaultCannotBeDescribedIsStillTriedAgain()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ThrowOnConnect(new UndescribableException(), 1);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(90_000);
        });

        Assert.Contains("Connecting failed (1 of 3 in a row before a reboot): UndescribableException", run.Log);
        Assert.True(run.Run.Device.IsStreaming, $"the device should stream after the second try; log:\n{run.Log}");
        Assert.Equal("", run.Run.Board.RebootReason);
    }

    [Fact]
    public async Task AJoinWhoseFaultCannotBeDescribedRebootsTheDeviceAfterTheThirdTry()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ThrowOnConnect(new UndescribableException(), int.MaxValue);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(80_000);
        });

        Assert.StartsWith("connecting failed 3 times in a row", run.Run.Board.RebootReason);
        Assert.False(run.Run.Device.IsStreaming);
    }
}
