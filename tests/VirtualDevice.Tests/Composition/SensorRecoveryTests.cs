using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A sensor that goes wrong on a board left running: a supply dip that resets the MAX30102 without a bus error (its
/// PWR_RDY flag names it), and a sensor that stops answering for a minute. The device must notice both, show no reading
/// while it has none, set the chip up again and measure on, all without a reboot.
/// </summary>
public sealed class SensorRecoveryTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task AChipResetByASupplyDipIsSetUpAgainAndMeasuresOn()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(40_000);
            run.Run.Board.World.Chip!.LosePowerBriefly();
            run.RunUntil(80_000);
        });

        // Named by the chip's PWR_RDY at the next poll, not guessed at after the sampler's 1 s of silence.
        Assert.Contains("Sensor: The MAX30102 lost power and reset itself: INTR_STATUS_1 had PWR_RDY set", run.Log);
        Assert.DoesNotContain("gave no sample", run.Log);
        Assert.Equal(2, run.Run.Device.Sampler!.StartCount);
        Assert.True(run.Run.Board.World.Chip!.IsConverting, "the chip converts again");
        Assert.Equal("", run.Run.Board.RebootReason);
        run.AssertHeartRate(SimulatedBoardRun.DefaultBeatsPerMinute);
    }

    [Fact]
    public async Task ASensorThatStopsAnsweringEndsTheReadingsOnThePlotUntilItIsBack()
    {
        const long silentFrom = 40_000;
        const long silentFor = 60_000;
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, faults: new FaultScript(0, 0, 0, 0, silentFrom, silentFor));
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(silentFrom + silentFor - 5_000);
        });

        Assert.Contains("Reading: no samples from the sensor", run.Log);
        Assert.False(run.Run.Device.Pipeline!.Estimator.HasHeartRate, "no heart rate while the sensor is silent");
        PlotJson heartRate = await run.HeartRateTraceAsync();
        long origin = run.Run.Board.WallClock.UtcNowUnixMilliseconds - run.Time.Milliseconds;
        (double Seconds, double Bpm)[] points = heartRate.XMilliseconds.Zip(heartRate.Y, (x, y) => ((x - origin) / 1000.0, y)).ToArray();
        string all = string.Join(", ", points.Select(point => $"{point.Bpm}@{point.Seconds:0.0}s"));
        Assert.Contains(points, point => point.Seconds < silentFrom / 1000.0 && !double.IsNaN(point.Bpm));
        (double Seconds, double Bpm) last = points[^1];
        Assert.True(double.IsNaN(last.Bpm) && last.Seconds >= silentFrom / 1000.0 && last.Seconds <= silentFrom / 1000.0 + 5,
            $"the plot's heart rate should end with a null within 5 s of the sensor going silent at {silentFrom / 1000} s; it has: {all}");

        await Task.Run(() => run.RunUntil(silentFrom + silentFor + 30_000));
        Assert.Equal("", run.Run.Board.RebootReason);
        run.AssertHeartRate(SimulatedBoardRun.DefaultBeatsPerMinute);
    }
}
