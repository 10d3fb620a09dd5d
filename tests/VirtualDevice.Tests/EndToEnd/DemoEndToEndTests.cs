using HeartRateStreamer.Configuration;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.Composition;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The whole system end to end: the embedded server and the firmware's own device composition on a virtual board (a
/// simulated MAX30102 or PulseSensor → driver → sampler → estimator → streams over real sockets, its own plot created
/// at start-up) for 60 s of its own time in simulated time, as fast as the machine allows; then the plot's JSON is checked.
/// </summary>
public sealed class DemoEndToEndTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private const double SourceBeatsPerMinute = 75;
    private const long RunMilliseconds = 60_000;
    private const long WaveformIntervalMilliseconds = 1000 / PulsePipeline.MaximumWaveformPointsPerSecond;

    [Fact]
    public async Task SixtySecondsGiveTheSourceHeartRateAndOneWaveformPointPer50Milliseconds()
    {
        (string json, SimulatedBoardRun run) = await RunDeviceAsync(FaultScript.None);
        using (run)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            PlotJson heartRate = PlotJson.Trace(json, 1);
            PlotJson oxygen = PlotJson.Trace(json, 2);

            // The window holds the newest maxpoints (the configuration's default, 500: 25 s), each 50 ms after the one before.
            Assert.Equal(DeviceSettings.DefaultMaxPoints, pulse.XMilliseconds.Length);
            AssertEvenlySpaced(pulse, run.Log);

            // Heart rate is sent on change: every reading in effect over the last 30 s is within 1 bpm of the source.
            double[] settled = InEffectOverLast30Seconds(heartRate, pulse);
            string readings = string.Join(", ", heartRate.XMilliseconds.Zip(heartRate.Y).Select(p => $"{p.Second}@{p.First - pulse.XMilliseconds[^1]}ms"));
            Assert.True(settled.Length >= 1, $"expected heart-rate readings in the last 30 s; readings: {readings}; log:\n{run.Log}");
            Assert.All(settled, bpm => Assert.True(Math.Abs(bpm - SourceBeatsPerMinute) <= 1, $"{bpm} bpm against a {SourceBeatsPerMinute} bpm source; readings (time before the end): {readings}"));
            Assert.Contains(oxygen.Y, spo2 => spo2 is > 85 and <= 100);
            Assert.Equal(0, run.Run.Device.Streams.Sum(s => s.Reconnects));
        }
    }

    [Fact]
    public async Task ANetworkDropShorterThanTheWindowLeavesNoGapInTheWaveform()
    {
        // Down from 45 s to 49 s: the pulse window (25 s) still reaches back before the drop at the end of the run.
        var faults = new FaultScript(45_000, 4_000, 0, 0, 0, 0);
        (string json, SimulatedBoardRun run) = await RunDeviceAsync(faults);
        using (run)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            long start = pulse.XMilliseconds[0];
            Assert.True(run.Run.Device.Streams[0].Reconnects >= 1, $"the drop should have made the pulse stream reconnect; log:\n{run.Log}");
            Assert.Contains("Fault: network down for 4 s", run.Log);

            // The last point is from about 60 s, so a window reaching back more than 60 - 45 s spans the whole drop;
            // evenly spaced throughout means the window resent after reconnecting filled what the drop held back.
            long span = pulse.XMilliseconds[^1] - start;
            Assert.True(span > RunMilliseconds - faults.NetworkDown.StartMilliseconds + 1000, $"the window should reach back across the drop: it spans {span} ms");
            AssertEvenlySpaced(pulse, run.Log);
            Assert.Equal(DeviceSettings.DefaultMaxPoints, pulse.XMilliseconds.Length);
        }
    }

    [Fact]
    public async Task TheAnalogSensorGivesTheSourceHeartRateWithoutSpO2()
    {
        (string json, SimulatedBoardRun run) = await RunDeviceAsync(FaultScript.None, ConfigurationKeys.SensorType, "analog");
        using (run)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            PlotJson heartRate = PlotJson.Trace(json, 1);
            Assert.Equal(2, run.Run.Device.Streams.Length);
            Assert.Equal(2, PlotJson.TraceCount(json));
            AssertEvenlySpaced(pulse, run.Log);
            double[] settled = InEffectOverLast30Seconds(heartRate, pulse);
            string readings = string.Join(", ", heartRate.Y);
            Assert.True(settled.Length >= 1, $"expected heart-rate readings in the last 30 s; readings: {readings}; log:\n{run.Log}");
            Assert.All(settled, bpm => Assert.True(Math.Abs(bpm - SourceBeatsPerMinute) <= 1, $"{bpm} bpm against a {SourceBeatsPerMinute} bpm source; readings: {readings}"));
        }
    }

    private async Task<(string Json, SimulatedBoardRun Run)> RunDeviceAsync(FaultScript faults, string? key = null, string? value = null)
    {
        var run = new SimulatedBoardRun(
            server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority),
            server.Key,
            configuration =>
            {
                if (key != null)
                {
                    configuration.Set(key, value!, "test");
                }
            },
            faults,
            scene: new SensorScene { BeatsPerMinute = SourceBeatsPerMinute });

        // The device's own threads in simulated time, driven from a worker thread so the server's requests are never starved by this one.
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(RunMilliseconds);

            // Ending reads each stream's 200: the server has taken every point before the JSON is read.
            run.End();
        });

        Assert.True(run.Started, $"start-up did not finish; log:\n{run.Log}");
        Assert.All(run.Run.Device.Streams, s => Assert.True(s.LastServerStatus == 200, $"a stream ended without the server's 200: {s.LastMessage}; log:\n{run.Log}"));
        Assert.Equal("", run.Run.Board.RebootReason);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string json = await http.GetStringAsync(run.Run.Device.PlotUrl + ".json");
        return (json, run);
    }

    private static void AssertEvenlySpaced(PlotJson trace, string log)
    {
        for (int i = 1; i < trace.XMilliseconds.Length; i++)
        {
            long step = trace.XMilliseconds[i] - trace.XMilliseconds[i - 1];
            Assert.True(step == WaveformIntervalMilliseconds,
                $"{trace.Name}: point {i} is {step} ms after the one before, not {WaveformIntervalMilliseconds} ms; log:\n{log}");
        }
    }

    // The reading standing when the last 30 s began, and every one after it (NaN: no reading, a gap in the plot).
    private static double[] InEffectOverLast30Seconds(PlotJson heartRate, PlotJson pulse)
    {
        long from = pulse.XMilliseconds[^1] - 30_000;
        int first = Array.FindLastIndex(heartRate.XMilliseconds, x => x <= from);
        return heartRate.Y.Skip(Math.Max(first, 0)).ToArray();
    }
}
