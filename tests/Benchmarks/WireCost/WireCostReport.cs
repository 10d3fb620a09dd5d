using HeartRateStreamer.Buffers;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Benchmarks.WireCost;

/// <summary>
/// Bytes on the wire per point for each stream, and the share that is framing: a simulated minute of a 75 bpm finger
/// at 100 samples/s through the device's own pipeline and stream writer, read back as a server would read it.
/// Run: dotnet run -c Release --project tests/Benchmarks -- wire-cost
/// </summary>
public static class WireCostReport
{
    private const int SampleRateHertz = 100;
    private const int Seconds = 60;

    public static void Run(TextWriter output)
    {
        foreach (bool utcTimes in new[] { false, true })
        {
            var clock = new ManualClock(0);
            var settings = new StreamSettings(new ServerAddress("127.0.0.1", 8080, false));
            if (utcTimes)
            {
                settings.TimeBase.SetUtcOrigin(1_764_000_000_000);
            }

            var transports = new[] { new ChunkAccountingTransport(), new ChunkAccountingTransport(), new ChunkAccountingTransport() };
            var random = new FixedRandom();
            var pulse = new PlotStream("pulse", "pulse-token", 500, 1, settings, transports[0], clock, random);
            var heartRate = new PlotStream("bpm", "bpm-token", 300, 0, settings, transports[1], clock, random);
            var oxygen = new PlotStream("spo2", "spo2-token", 300, 0, settings, transports[2], clock, random);
            var buffer = new SampleRingBuffer(64);
            var pipeline = new PulsePipeline(buffer, new PulseEstimator(new PulseEstimatorSettings()), SampleRateHertz, true, pulse, heartRate, oxygen);
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75, SampleRateHz = SampleRateHertz });

            for (int sample = 0; sample < SampleRateHertz * Seconds; sample++)
            {
                generator.Next();
                buffer.TryWrite(clock.Milliseconds, (int)generator.Infrared, (int)generator.Red);
                pipeline.ProcessWaitingSamples(8);
                pulse.Service();
                heartRate.Service();
                oxygen.Service();
                clock.Advance(1000 / SampleRateHertz);
            }

            output.WriteLine($"x as {(utcTimes ? "UTC dates" : "milliseconds since boot")}, {Seconds} s at {SampleRateHertz} samples/s, 75 bpm:");
            output.WriteLine("| stream | objects | bytes | bytes per object | framing share (size lines, CRLFs, head) |");
            output.WriteLine("|---|---|---|---|---|");
            string[] names = ["pulse wave", "heart rate", "SpO2"];
            for (int i = 0; i < transports.Length; i++)
            {
                ChunkAccountingTransport t = transports[i];
                double overhead = t.FramingBytes + t.HeadBytes;
                output.WriteLine($"| {names[i]} | {t.Objects} | {t.TotalBytes} | {(double)(t.PayloadBytes + t.FramingBytes) / Math.Max(1, t.Objects):0.0} | {100 * overhead / Math.Max(1, t.TotalBytes):0.0} % |");
            }

            output.WriteLine();
        }
    }

    private sealed class FixedRandom : HeartRateStreamer.Ports.IRandom
    {
        public int Next(int maxExclusive) => 0;
    }
}
