using System.Globalization;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Analyze;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>
/// How well beats, beat-to-beat intervals and RMSSD survive the device's sampling path: the simulated MAX30102 (or the
/// analog pulse sensor's ADC) on a synthetic finger (66 bpm, 3 % breathing variability, no beat jitter of its own),
/// the real driver and <see cref="FixedRateSampler"/> driven the way the sampling thread drives it (sleep for what Poll
/// returns, plus an oversleep), then the estimator as `analyze` runs it (<see cref="RecordingAnalyzer"/>), its beats
/// and NN intervals compared with the finger's onsets by <see cref="BeatAlignment"/>, as a recording is compared with
/// a chest strap.
/// </summary>
public static class SampleTimingReport
{
    private const int SimulatedSeconds = 300;

    /// <summary>Writes one table row per sensor, sample rate, oversleep and sensor oscillator.</summary>
    public static void Run(TextWriter output)
    {
        output.WriteLine($"{SimulatedSeconds} s at 66 bpm, 3 % breathing variability; beats, NN interval error and RMSSD against the finger's beat onsets:");
        output.WriteLine("| sensor | samples/s | oversleep | sensor oscillator | beats found % | intervals | median \\|error\\| ms | rms error ms | RMSSD ms (onsets) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (SampleRate rate in new[] { SampleRate.SamplesPerSecond50, SampleRate.SamplesPerSecond100, SampleRate.SamplesPerSecond400 })
        {
            foreach (int oversleep in new[] { 0, 15 })
            {
                foreach (int percent in new[] { 100, 103 })
                {
                    WriteRow(output, "MAX30102", Max30102Settings.ToSamplesPerSecond(rate), oversleep, percent == 100 ? "nominal" : "3 % fast", Measure(rate, oversleep, percent, SimulatedSeconds));
                }
            }
        }

        foreach (int samplesPerSecond in new[] { 50, 100, 200 })
        {
            foreach (int oversleep in new[] { 0, 15 })
            {
                WriteRow(output, "analog", samplesPerSecond, oversleep, "(the processor's)", MeasureAnalog(samplesPerSecond, oversleep, SimulatedSeconds));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="seconds"/> of the finger through the MAX30102's sampling path at <paramref name="rate"/>, the
    /// thread oversleeping 0..<paramref name="oversleepMilliseconds"/>, the chip's oscillator at
    /// <paramref name="oscillatorPercent"/> of nominal; returns the estimator's beats and intervals against the finger's onsets.
    /// </summary>
    public static BeatComparison Measure(SampleRate rate, int oversleepMilliseconds, int oscillatorPercent, int seconds)
    {
        var finger = new OnsetRecordingWaveform(new SyntheticPpgGenerator(Finger()));
        var clock = new ManualClock();
        var chip = new SimulatedMax30102(new ScaledClock(clock, oscillatorPercent, 100), finger);
        var buffer = new SampleRingBuffer(1 << 18);
        var sampler = new FixedRateSampler(new Max30102SampleSource(chip, new Max30102Settings { SampleRate = rate }), buffer, clock);
        Drive(sampler, clock, oversleepMilliseconds, seconds);

        // The onsets are on the chip's clock, the samples' times on the processor's.
        return Compare(buffer, false, true, finger.OnsetsMilliseconds, 100.0 / oscillatorPercent);
    }

    /// <summary>
    /// The same through the analog pulse sensor's path (a 12-bit ADC read once per poll, no buffer of its own) at
    /// <paramref name="samplesPerSecond"/>: a late poll takes its sample late, and the samples it missed are lost.
    /// </summary>
    public static BeatComparison MeasureAnalog(int samplesPerSecond, int oversleepMilliseconds, int seconds)
    {
        SyntheticPpgSettings settings = Finger();
        var generator = new SyntheticPpgGenerator(settings);
        var clock = new ManualClock();
        var input = new OnsetRecordingAnalogInput(generator, settings, clock);
        var buffer = new SampleRingBuffer(1 << 18);
        var sampler = new FixedRateSampler(new PulseSensorSampleSource(new PulseSensor(input), samplesPerSecond), buffer, clock);
        Drive(sampler, clock, oversleepMilliseconds, seconds);
        return Compare(buffer, true, false, input.OnsetsMilliseconds, 1.0);
    }

    // The finger: 66 bpm, 3 % breathing variability, no beat jitter of its own, a little noise, no wander.
    private static SyntheticPpgSettings Finger() => new()
    {
        HeartRateBeatsPerMinute = 66.0,
        RespiratoryVariabilityFraction = 0.03,
        BeatJitterFraction = 0.0,
        NoiseRatio = 0.01,
        WanderRatio = 0.0,
        Seed = 3,
    };

    // The sampling thread: poll, sleep for what Poll returned and oversleep by a deterministic 0..n ms.
    private static void Drive(FixedRateSampler sampler, ManualClock clock, int oversleepMilliseconds, int seconds)
    {
        int state = 7;
        while (clock.Milliseconds < seconds * 1000L)
        {
            int wait = sampler.Poll();
            state = (int)(((state * 1103515245L) + 12345) & 0x7FFFFFFF);
            clock.Advance(wait + (oversleepMilliseconds > 0 ? state % (oversleepMilliseconds + 1) : 0));
        }
    }

    // The estimator as `analyze` runs it over what the sampler wrote, against the onsets' intervals (scaled to the
    // processor's clock).
    private static BeatComparison Compare(SampleRingBuffer buffer, bool pulseRaisesSignal, bool hasRed, List<double> onsets, double intervalScale)
    {
        var analyzer = new RecordingAnalyzer(pulseRaisesSignal);
        while (buffer.TryRead(out long time, out int infrared, out int red))
        {
            analyzer.Add(time * 1000, infrared, red, hasRed);
        }

        var intervals = new List<double>();
        for (int i = 1; i < onsets.Count; i++)
        {
            intervals.Add((onsets[i] - onsets[i - 1]) * intervalScale);
        }

        return BeatAlignment.Compare(analyzer.Finish("sample-timing", hasRed), intervals);
    }

    private static void WriteRow(TextWriter output, string sensor, int samplesPerSecond, int oversleep, string oscillator, BeatComparison timing)
    {
        string rmssd = timing.Rmssd is MeasuredAgainstReference reading ? Invariant($"{reading.Measured:F1} ({reading.Reference:F1})") : "no reading";
        output.WriteLine(Invariant($"| {sensor} | {samplesPerSecond} | 0-{oversleep} ms | {oscillator} | {timing.FoundPercent:F1} | {timing.ComparedIntervals} | {timing.MedianAbsoluteIntervalErrorMilliseconds:F2} | {timing.RmsIntervalErrorMilliseconds:F2} | {rmssd} |"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
