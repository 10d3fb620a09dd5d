namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// Every stream draws its reconnect jitter from a generator of its own: on the board that is a System.Random, which is
/// not thread-safe, and a stream draws from its own loop and from the watchdog's. One shared by every stream could be
/// corrupted by two of them at once (on .NET it can end up returning 0 for ever).
/// </summary>
public sealed class StreamJitterTests
{
    // The streams are made before the device connects anywhere.
    private const string UnusedServer = "http://127.0.0.1:9";

    [Fact]
    public async Task EachStreamHasAJitterGeneratorOfItsOwn()
    {
        using var run = new SimulatedBoardRun(UnusedServer, "unused-key");
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(1_000);
        });

        Assert.True(run.Run.Device.Streams.Length >= 2, $"the test device should have several streams; log:\n{run.Log}");
        Assert.Equal(run.Run.Device.Streams.Length, run.Run.Board.JittersCreated);
    }
}
