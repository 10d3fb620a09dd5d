using System.Globalization;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Analyze;
using Iot.Device.Max30102;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>
/// How well beats, beat-to-beat intervals and RMSSD survive the device's sampling path: the simulated MAX30102 on a synthetic finger
/// (66 bpm, 3 % breathing variability, no beat jitter of its own), the real driver and <see cref="FixedRateSampler"/>
/// driven the way the sampling thread drives it (sleep for what Poll returns, plus an oversleep), then the estimator
/// as `analyze` runs it (<see cref="RecordingAnalyzer"/>), its NN intervals compared with the finger's onset intervals
/// by <see cref="BeatAlignment"/>, as a recording is compared with a chest strap.
/// </summary>
public static class SampleTimingReport
{
    private const int SimulatedSeconds = 300;

    /// <summary>Writes one table row per sample rate, oversleep and sensor oscillator.</summary>
    public static void Run(TextWriter output)
    {
        output.WriteLine($"{SimulatedSeconds} s at 66 bpm, 3 % breathing variability; beats, NN interval error and RMSSD against the finger's beat onsets:");
        output.WriteLine("| samples/s | oversleep | sensor oscillator | beats found % | intervals | median \\|error\\| ms | rms error ms | RMSSD ms (onsets) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (SampleRate rate in new[] { SampleRate.SamplesPerSecond50, SampleRate.SamplesPerSecond100, SampleRate.SamplesPerSecond400 })
        {
            foreach (int oversleep in new[] { 0, 15 })
            {
                foreach (int percent in new[] { 100, 103 })
                {
                    BeatComparison timing = Measure(rate, oversleep, percent, SimulatedSeconds);
                    string rmssd = timing.Rmssd is MeasuredAgainstReference reading ? Invariant($"{reading.Measured:F1} ({reading.Reference:F1})") : "no reading";
                    output.WriteLine(Invariant($"| {Max30102Settings.ToSamplesPerSecond(rate)} | 0-{oversleep} ms | {(percent == 100 ? "nominal" : "3 % fast")} | {timing.FoundPercent:F1} | {timing.ComparedIntervals} | {timing.MedianAbsoluteIntervalErrorMilliseconds:F2} | {timing.RmsIntervalErrorMilliseconds:F2} | {rmssd} |"));
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="seconds"/> of the finger through the sampling path at <paramref name="rate"/>, the thread
    /// oversleeping 0..<paramref name="oversleepMilliseconds"/>, the chip's oscillator at <paramref name="oscillatorPercent"/>
    /// of nominal; returns the estimator's beats and intervals against the finger's onsets.
    /// </summary>
    public static BeatComparison Measure(SampleRate rate, int oversleepMilliseconds, int oscillatorPercent, int seconds)
    {
        var finger = new OnsetRecordingWaveform(new SyntheticPpgGenerator(new SyntheticPpgSettings
        {
            HeartRateBeatsPerMinute = 66.0,
            RespiratoryVariabilityFraction = 0.03,
            BeatJitterFraction = 0.0,
            NoiseRatio = 0.01,
            WanderRatio = 0.0,
            Seed = 3,
        }));
        var clock = new ManualClock();
        var chip = new SimulatedMax30102(new ScaledClock(clock, oscillatorPercent, 100), finger);
        var buffer = new SampleRingBuffer(1 << 18);
        var sampler = new FixedRateSampler(new Max30102SampleSource(chip, new Max30102Settings { SampleRate = rate }), buffer, clock);

        // The sampling thread: poll, sleep for what Poll returned and oversleep by a deterministic 0..n ms.
        int state = 7;
        while (clock.Milliseconds < seconds * 1000L)
        {
            int wait = sampler.Poll();
            state = (int)(((state * 1103515245L) + 12345) & 0x7FFFFFFF);
            clock.Advance(wait + (oversleepMilliseconds > 0 ? state % (oversleepMilliseconds + 1) : 0));
        }

        var analyzer = new RecordingAnalyzer(false);
        while (buffer.TryRead(out long time, out int infrared, out int red))
        {
            analyzer.Add(time * 1000, infrared, red, true);
        }

        // The onsets are on the chip's clock, the samples' times on the processor's.
        List<double> onsets = finger.OnsetsMilliseconds;
        var intervals = new List<double>();
        for (int i = 1; i < onsets.Count; i++)
        {
            intervals.Add((onsets[i] - onsets[i - 1]) * 100.0 / oscillatorPercent);
        }

        return BeatAlignment.Compare(analyzer.Finish("sample-timing", true), intervals);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
