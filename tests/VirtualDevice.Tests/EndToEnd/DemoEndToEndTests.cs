using System.Collections.Concurrent;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Demo;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The default command's parts end to end: the embedded server, the plot made through /clientresp, and the device
/// (simulated MAX30102 → driver → sampler → pipeline → streams over real sockets) for 60 s of its own time on a
/// manual clock, as fast as the machine allows; then the plot's JSON is checked.
/// </summary>
public sealed class DemoEndToEndTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private const double SourceBeatsPerMinute = 75;
    private const long RunMilliseconds = 60_000;

    // One pass of the streaming loop per 5 ms of device time: the sampler's FIFO (32 samples at 100 samples/s) never overflows.
    private const long StepMilliseconds = 5;
    private const long WaveformIntervalMilliseconds = 50;

    [Fact]
    public async Task SixtySecondsGiveTheSourceHeartRateAndOneWaveformPointPer50Milliseconds()
    {
        (string json, DemoDevice device, string log) = await RunDeviceAsync(FaultScript.None);
        using (device)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            PlotJson heartRate = PlotJson.Trace(json, 1);
            PlotJson oxygen = PlotJson.Trace(json, 2);

            // The window holds the newest 500 points (25 s), each 50 ms after the one before.
            Assert.Equal(DemoDevice.PulseMaxPoints, pulse.XMilliseconds.Length);
            AssertEvenlySpaced(pulse, log);

            // Heart rate is sent on change: every reading in effect over the last 30 s is within 1 bpm of the source.
            double[] settled = InEffectOverLast30Seconds(heartRate, pulse);
            string readings = string.Join(", ", heartRate.XMilliseconds.Zip(heartRate.Y).Select(p => $"{p.Second}@{p.First - pulse.XMilliseconds[^1]}ms"));
            Assert.True(settled.Length >= 1, $"expected heart-rate readings in the last 30 s; readings: {readings}; log:\n{log}");
            Assert.All(settled, bpm => Assert.True(Math.Abs(bpm - SourceBeatsPerMinute) <= 1, $"{bpm} bpm against a {SourceBeatsPerMinute} bpm source; readings (time before the end): {readings}"));
            Assert.Contains(oxygen.Y, spo2 => spo2 is > 85 and <= 100);
            Assert.Equal(0, device.Streams.Sum(s => s.Reconnects));
        }
    }

    [Fact]
    public async Task ANetworkDropShorterThanTheWindowLeavesNoGapInTheWaveform()
    {
        // Down from 45 s to 49 s: the pulse window (25 s) still reaches back before the drop at the end of the run.
        var faults = new FaultScript(45_000, 4_000, 0, 0, 0, 0);
        (string json, DemoDevice device, string log) = await RunDeviceAsync(faults);
        using (device)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            long start = pulse.XMilliseconds[0];
            Assert.True(device.Streams[0].Reconnects >= 1, $"the drop should have made the pulse stream reconnect; log:\n{log}");
            Assert.Contains("network is down", log);

            // The last point is from about 60 s, so a window reaching back more than 60 - 45 s spans the whole drop;
            // evenly spaced throughout means the window resent after reconnecting filled what the drop held back.
            long span = pulse.XMilliseconds[^1] - start;
            Assert.True(span > RunMilliseconds - faults.NetworkDown.StartMilliseconds + 1000, $"the window should reach back across the drop: it spans {span} ms");
            AssertEvenlySpaced(pulse, log);
            Assert.Equal(DemoDevice.PulseMaxPoints, pulse.XMilliseconds.Length);
        }
    }

    [Fact]
    public async Task TheAnalogSensorGivesTheSourceHeartRateWithoutSpO2()
    {
        (string json, DemoDevice device, string log) = await RunDeviceAsync(FaultScript.None, "--sensor", "analog");
        using (device)
        {
            PlotJson pulse = PlotJson.Trace(json, 0);
            PlotJson heartRate = PlotJson.Trace(json, 1);
            Assert.Equal(2, device.Streams.Count);
            Assert.Empty(PlotJson.Trace(json, 2).Y);
            AssertEvenlySpaced(pulse, log);
            double[] settled = InEffectOverLast30Seconds(heartRate, pulse);
            string readings = string.Join(", ", heartRate.Y);
            Assert.True(settled.Length >= 1, $"expected heart-rate readings in the last 30 s; readings: {readings}; log:\n{log}");
            Assert.All(settled, bpm => Assert.True(Math.Abs(bpm - SourceBeatsPerMinute) <= 1, $"{bpm} bpm against a {SourceBeatsPerMinute} bpm source; readings: {readings}"));
        }
    }

    private async Task<(string Json, DemoDevice Device, string Log)> RunDeviceAsync(FaultScript faults, params string[] moreOptions)
    {
        PlotTokens tokens = PlotTokens.CreateRandom();
        string key = server.Key;
        PlotCreationAnswer answer = await PlotCreator.CreateAsync(server.Host.HttpBaseUrl, StreamServerHost.DemoUser, key, tokens);
        var lines = new ConcurrentQueue<string>();
        var clock = new ManualClock();
        DemoOptions options = DemoOptions.Parse(["--bpm", SourceBeatsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), .. moreOptions]);
        ServerAddress address = ServerAddress.Parse(server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority));
        var device = new DemoDevice(options.Device, address, tokens, clock, faults, line => lines.Enqueue($"[{clock.Milliseconds / 1000.0:0.000} s] {line}"));

        // The device's loop on its own clock, on a worker thread so the server's requests are never starved by this one.
        await Task.Run(() =>
        {
            while (clock.Milliseconds < RunMilliseconds)
            {
                device.Step();
                clock.Advance(StepMilliseconds);
            }

            // Ending reads each stream's 200: the server has taken every point before the JSON is read.
            device.End();
        });

        string log = string.Join("\n", lines);
        Assert.All(device.Streams, s => Assert.Equal(200, s.LastServerStatus));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string json = await http.GetStringAsync(answer.Url + ".json");
        return (json, device, log);
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
