using System.Globalization;
using System.Text.RegularExpressions;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A heart-rate monitor from power-on: the board's composition in simulated time with the network gone for long
/// stretches. It must measure all along (heart rate right every minute, the LED flashing each beat, the reading in the
/// log with heart-rate variability once half a minute of clean beats is in), never reboot, and once the network is back
/// the plot must show what was measured while it was away.
/// </summary>
public sealed class OfflineMonitorTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private const double FirstBeatsPerMinute = 75;
    private const double SteppedBeatsPerMinute = 90;

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task HalfAnHourWithoutWifiFromPowerOnIsMeasuredAndReachesThePlotWhenItReturns()
    {
        const long outageMilliseconds = 30 * 60_000;
        const double stepSeconds = 10 * 60;
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, faults: new FaultScript(0, outageMilliseconds, 0, 0, 0, 0),
            scene: new SensorScene { BeatsPerMinute = FirstBeatsPerMinute, RateStepSeconds = stepSeconds, SteppedBeatsPerMinute = SteppedBeatsPerMinute });

        await Task.Run(() =>
        {
            run.Start();
            MeasureEveryMinute(run, outageMilliseconds, stepSeconds);
            Assert.False(run.Run.Device.IsStreaming, "no network, no streams");
            run.RunUntil(outageMilliseconds + 3 * 60_000);
            run.End();
        });

        Assert.Equal("", run.Run.Board.RebootReason);
        Assert.Contains("Reading: heart rate 75 bpm", run.Log);
        Assert.Contains("Reading: heart rate 90 bpm", run.Log);
        AssertVariabilityLogged(run.Log, stepSeconds);
        Assert.True(run.Run.Device.IsStreaming, $"the device should stream once Wi-Fi is back; log:\n{run.Log}");
        PlotJson heartRate = await run.HeartRateTraceAsync();
        long origin = PowerOnUnixMilliseconds(run);
        AssertReadingsDuring(heartRate, origin, 0, stepSeconds * 1000, FirstBeatsPerMinute, run.Log);
        AssertReadingsDuring(heartRate, origin, stepSeconds * 1000 + 60_000, outageMilliseconds, SteppedBeatsPerMinute, run.Log);
    }

    [Fact]
    public async Task TheVirtualDevicesTenMinuteNetworkFaultIsMeasuredAndReachesThePlot()
    {
        // As `virtual-device --network-down 600` scripts it: down 20 s after the start, for ten minutes.
        const long downFor = 10 * 60_000;
        FaultScript faults = FaultScript.WithNetworkDown(FaultScript.None, downFor);
        long downAt = faults.NetworkDown.StartMilliseconds;
        const double stepSeconds = 5 * 60;
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, faults: faults,
            scene: new SensorScene { BeatsPerMinute = FirstBeatsPerMinute, RateStepSeconds = stepSeconds, SteppedBeatsPerMinute = SteppedBeatsPerMinute });

        await Task.Run(() =>
        {
            run.Start();
            MeasureEveryMinute(run, downAt + downFor, stepSeconds);
            run.RunUntil(downAt + downFor + 3 * 60_000);
            run.End();
        });

        Assert.Equal("", run.Run.Board.RebootReason);
        Assert.Contains("Wi-Fi: connection lost", run.Log);
        Assert.Contains("Wi-Fi: connected again", run.Log);
        Assert.All(run.Run.Device.Streams, stream => Assert.True(stream.Reconnects >= 1, $"{stream.Name} should have reconnected; log:\n{run.Log}"));
        PlotJson heartRate = await run.HeartRateTraceAsync();
        AssertReadingsDuring(heartRate, PowerOnUnixMilliseconds(run), stepSeconds * 1000 + 60_000, downAt + downFor, SteppedBeatsPerMinute, run.Log);
    }

    // Every minute: the heart rate is the source's (after a minute to settle, and a minute after the step), the LED has
    // flashed once per beat, and the device has not rebooted.
    private static void MeasureEveryMinute(SimulatedBoardRun run, long untilMilliseconds, double stepSeconds)
    {
        run.RunUntil(60_000);
        for (long minute = 2; minute * 60_000 <= untilMilliseconds; minute++)
        {
            int beatsBefore = run.Run.Device.Pipeline!.Estimator.BeatCount;
            int flashesBefore = run.Run.Board.Led!.Flashes;
            run.RunUntil(minute * 60_000);
            var estimator = run.Run.Device.Pipeline.Estimator;
            int beats = estimator.BeatCount - beatsBefore;
            int flashes = run.Run.Board.Led.Flashes - flashesBefore;
            Assert.True(Math.Abs(flashes - beats) <= 2, $"minute {minute}: {flashes} LED flashes for {beats} beats");
            Assert.Equal("", run.Run.Board.RebootReason);

            double expected = minute * 60 <= stepSeconds ? FirstBeatsPerMinute : SteppedBeatsPerMinute;
            bool settled = minute * 60 <= stepSeconds || minute * 60 >= stepSeconds + 60;
            if (settled)
            {
                Assert.True(estimator.HasHeartRate && Math.Abs(estimator.HeartRateBeatsPerMinute - expected) <= 1.5,
                    $"minute {minute}: heart rate {(estimator.HasHeartRate ? estimator.HeartRateBeatsPerMinute.ToString("0.0") : "none")} against {expected} bpm");
            }
        }
    }

    // Without a network the log is all the monitor shows besides its LED: RMSSD and SDNN must be there, first saying what
    // they wait for, then as readings near the synthetic pulse's own over the minutes at one rate (the minute after the
    // step holds intervals of both rates).
    private static void AssertVariabilityLogged(string log, double stepSeconds)
    {
        // The coverage said is the reading's own rule: under 50 % while there is none, at least 50 % once there is.
        int[] waiting = Regex.Matches(log, @"Reading: heart rate \d+ bpm, SpO2 \d+ %, RMSSD and SDNN not yet \(clean beats over (\d+) % of the last minute, 50 % needed\), signal quality \d+ %\.")
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToArray();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, coverage => Assert.InRange(coverage, 0, 49));
        var readings = Regex.Matches(log, @"\[ *([0-9.]+) s\] Reading: heart rate \d+ bpm, SpO2 \d+ %, RMSSD (\d+) ms, SDNN \d+ ms \(clean beats over (\d+) % of the last minute\), signal quality \d+ %\.")
            .Select(match => (Seconds: double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Rmssd: int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                Coverage: int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToArray();
        Assert.All(readings, reading => Assert.InRange(reading.Coverage, 50, 100));
        // A steady pulse at rest: once the minute is full of beats (two minutes in), nearly every interval is clean.
        Assert.All(readings.Where(reading => reading.Seconds >= 120), reading => Assert.True(reading.Coverage >= 90, $"clean beats over {reading.Coverage} % of the minute at {reading.Seconds} s"));
        AssertRmssd(readings.Where(reading => reading.Seconds < stepSeconds).Select(reading => reading.Rmssd).ToArray(), FirstBeatsPerMinute, log);
        AssertRmssd(readings.Where(reading => reading.Seconds >= stepSeconds + 60).Select(reading => reading.Rmssd).ToArray(), SteppedBeatsPerMinute, log);
    }

    // The synthetic pulse's intervals are T (1 + r sin(2 pi f t) + j g), g Gaussian: the breathing term's successive
    // differences have an rms of r T 2 sin(pi f T) / sqrt 2, the jitter's j T sqrt 2. A minute holds 75-90 differences,
    // so its RMSSD scatters by about 1 / sqrt(2 * 75) = 8 % around that.
    private static void AssertRmssd(int[] logged, double beatsPerMinute, string log)
    {
        var pulse = new SyntheticPpgSettings();
        double interval = 60_000 / beatsPerMinute;
        double breathing = pulse.RespiratoryVariabilityFraction * interval * 2 * Math.Sin(Math.PI * pulse.BreathingRateHz * interval / 1000) / Math.Sqrt(2);
        double jitter = pulse.BeatJitterFraction * interval * Math.Sqrt(2);
        double expected = Math.Sqrt(breathing * breathing + jitter * jitter);
        Assert.True(logged.Length > 0, $"no RMSSD reading logged at {beatsPerMinute} bpm; log:\n{log}");
        Assert.All(logged, rmssd => Assert.True(Math.Abs(rmssd - expected) <= 0.25 * expected, $"RMSSD {rmssd} ms logged at {beatsPerMinute} bpm; the pulse's is {expected:0.0} ms"));
    }

    // The UTC time of the device's power-on: what its point dates count from.
    private static long PowerOnUnixMilliseconds(SimulatedBoardRun run) => run.Run.Board.WallClock.UtcNowUnixMilliseconds - run.Time.Milliseconds;

    private static void AssertReadingsDuring(PlotJson heartRate, long origin, double fromMilliseconds, double toMilliseconds, double expected, string log)
    {
        double[] during = heartRate.XMilliseconds.Zip(heartRate.Y)
            .Where(point => point.First - origin >= fromMilliseconds && point.First - origin < toMilliseconds && !double.IsNaN(point.Second))
            .Select(point => point.Second)
            .ToArray();
        string all = string.Join(", ", heartRate.XMilliseconds.Zip(heartRate.Y).Select(p => $"{p.Second}@{(p.First - origin) / 1000}s"));
        Assert.True(during.Length > 0, $"the plot shows no heart-rate reading from {fromMilliseconds / 1000} s to {toMilliseconds / 1000} s; it has: {all}");
        Assert.All(during, bpm => Assert.True(Math.Abs(bpm - expected) <= 2, $"{bpm} bpm against {expected}; readings: {all}"));
    }
}
