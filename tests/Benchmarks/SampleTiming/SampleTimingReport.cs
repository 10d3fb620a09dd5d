using System.Globalization;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.SignalProcessing;
using Iot.Device.Max30102;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>
/// How well beat-to-beat intervals survive the device's sampling path: the simulated MAX30102 on a synthetic finger
/// (66 bpm, 3 % breathing variability, no beat jitter of its own), the real driver and <see cref="FixedRateSampler"/>
/// driven the way the sampling thread drives it (sleep for what Poll returns, plus an oversleep), then
/// <see cref="PulseEstimator"/>. Each detected beat is matched to the finger's beat onset (after the median offset
/// between them: the fiducial is mid-upstroke), and each interval between two matched beats compared with the onsets'.
/// </summary>
public static class SampleTimingReport
{
    private const int SimulatedSeconds = 300;
    private const double SettleMilliseconds = 20000.0;
    private const double MatchWindowMilliseconds = 150.0;

    /// <summary>Writes one table row per sample rate, oversleep and sensor oscillator.</summary>
    public static void Run(TextWriter output)
    {
        output.WriteLine($"{SimulatedSeconds} s at 66 bpm, 3 % breathing variability; interval error against the finger's beat onsets:");
        output.WriteLine("| samples/s | oversleep | sensor oscillator | intervals | median \\|error\\| ms | rms error ms |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (SampleRate rate in new[] { SampleRate.SamplesPerSecond50, SampleRate.SamplesPerSecond100, SampleRate.SamplesPerSecond400 })
        {
            foreach (int oversleep in new[] { 0, 15 })
            {
                foreach (int percent in new[] { 100, 103 })
                {
                    (int count, double median, double rms) = Measure(rate, oversleep, percent, SimulatedSeconds);
                    output.WriteLine(Invariant($"| {Max30102Settings.ToSamplesPerSecond(rate)} | 0-{oversleep} ms | {(percent == 100 ? "nominal" : "3 % fast")} | {count} | {median:F2} | {rms:F2} |"));
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="seconds"/> of the finger through the sampling path at <paramref name="rate"/>, the thread
    /// oversleeping 0..<paramref name="oversleepMilliseconds"/>, the chip's oscillator at <paramref name="oscillatorPercent"/>
    /// of nominal; returns the intervals compared and their median absolute and rms error (ms).
    /// </summary>
    public static (int Count, double Median, double Rms) Measure(SampleRate rate, int oversleepMilliseconds, int oscillatorPercent, int seconds)
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

        // Beats on the chip's time axis, where the onsets are.
        var estimator = new PulseEstimator(new PulseEstimatorSettings());
        var beats = new List<double>();
        while (buffer.TryRead(out long time, out int infrared, out int red))
        {
            if (estimator.AddSample(time * 1000, infrared, red))
            {
                beats.Add(estimator.LastBeatTimeMicroseconds / 1000.0 * oscillatorPercent / 100.0);
            }
        }

        double[] onsets = [.. finger.OnsetsMilliseconds];
        double[] settled = [.. beats.Where(beat => beat >= SettleMilliseconds)];
        double offset = Median(settled.Select(beat => beat - Nearest(onsets, beat)));
        var errors = new List<double>();
        for (int i = 1; i < settled.Length; i++)
        {
            double earlier = Nearest(onsets, settled[i - 1] - offset);
            double later = Nearest(onsets, settled[i] - offset);
            bool matched = Math.Abs(settled[i - 1] - offset - earlier) <= MatchWindowMilliseconds && Math.Abs(settled[i] - offset - later) <= MatchWindowMilliseconds;
            if (matched && later > earlier)
            {
                errors.Add((settled[i] - settled[i - 1]) - (later - earlier));
            }
        }

        return (errors.Count, Median(errors.Select(Math.Abs)), Math.Sqrt(errors.Average(error => error * error)));
    }

    private static double Nearest(double[] sorted, double time)
    {
        int index = Array.BinarySearch(sorted, time);
        index = index < 0 ? ~index : index;
        double best = double.MaxValue;
        for (int candidate = index - 1; candidate <= index; candidate++)
        {
            if (candidate >= 0 && candidate < sorted.Length && Math.Abs(sorted[candidate] - time) < Math.Abs(best - time))
            {
                best = sorted[candidate];
            }
        }

        return best;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
