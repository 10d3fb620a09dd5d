using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A <c>server.maxPoints</c> the board's heap cannot hold: before, the windows' arrays failed start-up for want of
/// memory and the board rebooted on every boot. Now the device keeps as many points as fit in half of what is free,
/// says so with the setting to change, and its plot asks the server for the same window.
/// </summary>
public sealed class MemoryFitTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task AWindowTooLargeForTheHeapIsCutToWhatFitsAndThePlotAsksForTheSame()
    {
        const long Free = 64 * 1024;
        const int Fit = 682;
        using var run = new SimulatedBoardRun(ServerUrl, server.Key,
            configure: configuration => configuration.Set(ConfigurationKeys.ServerMaxPoints, 10000, "test"));
        run.Run.Board.FreeMemory = Free;
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(60_000);
        });

        // 32 KB (half of 64) / (3 streams x 2 windows x 8 bytes a point: an int time offset and a float value) = 682.
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(Fit, stream.MaxPoints));
        Assert.Contains("Memory: 64 KB free; the windows of 3 streams of 682 points take 31 KB, as many as fit in half of it: "
            + "server.maxPoints 10000 would need 468 KB. Set server.maxPoints to 682 or less", run.Log);
        Assert.Equal("", run.Run.Board.RebootReason);

        // The server windows the pulse by the plot's maxpoints: after 60 s at 20 points/s it holds exactly as many.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        PlotJson pulse = PlotJson.Trace(await http.GetStringAsync(run.Run.Device.PlotUrl + ".json"), 0);
        Assert.Equal(Fit, pulse.Y.Length);
    }

    [Fact]
    public async Task TheDefaultWindowFitsTheSmallestBoardAndIsKept()
    {
        // Five streams of the default 500 points on an ESP32 without PSRAM.
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, configure: configuration => configuration
            .Set(ConfigurationKeys.ServerRmssdToken, "t" + Guid.NewGuid().ToString("N")[..12], "test")
            .Set(ConfigurationKeys.ServerSdnnToken, "t" + Guid.NewGuid().ToString("N")[..12], "test"));
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(5_000);
        });

        Assert.Equal(VirtualBoard.SmallBoardFreeMemoryBytes, run.Run.Board.FreeMemoryBytes());
        Assert.Equal(5, run.Run.Device.Streams.Length);
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(DeviceSettings.DefaultMaxPoints, stream.MaxPoints));
        Assert.Contains("Memory: 100 KB free; the windows of 5 streams of 500 points take 39 KB.", run.Log);
    }

    // A board with only the pulse stream and a one-point window: the line read "the windows of 1 streams of 1 points".
    [Fact]
    public async Task OneStreamOfOnePointIsSaidInTheSingular()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, configure: configuration => configuration
            .Set(ConfigurationKeys.ServerHeartRateToken, "", "test")
            .Set(ConfigurationKeys.ServerOxygenSaturationToken, "", "test")
            .Set(ConfigurationKeys.ServerMaxPoints, 1, "test"));
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(5_000);
        });

        Assert.Single(run.Run.Device.Streams);
        Assert.Contains("Memory: 100 KB free; the windows of 1 stream of 1 point take 0 KB.", run.Log);
        Assert.Contains("Streaming: 1 stream to ", run.Log);
    }
}
