using System.Globalization;
using HeartRateStreamer.Benchmarks.Streaming;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Loops;

namespace HeartRateStreamer.Benchmarks.LoopCost;

/// <summary>
/// What the device's loops cost in the terms an interpreter pays for: passes per second of each loop (each pass is
/// calls, a lock or two and a wait), stream services and wake-ups per sample. The board's own composition runs for
/// simulated minutes on a virtual board with a 75 bpm finger, its streams writing into <see cref="DiscardingTransport"/>s,
/// so the counts are the device's, not the network's or the host's. The same counts hold on the ESP32: the loops are the same code.
/// </summary>
public static class LoopCostReport
{
    private const int SimulatedSeconds = 120;

    /// <summary>Runs the device with each sensor and writes one table per sensor.</summary>
    public static void Run(TextWriter output)
    {
        foreach (string sensor in new[] { "max30102", "analog" })
        {
            Measure(sensor, output);
        }
    }

    private static void Measure(string sensor, TextWriter output)
    {
        using var device = new CostedDevice(sensor);
        device.RunFor(SimulatedSeconds);
        DeviceSettings settings = device.Settings;
        CountingThreads threads = device.Threads;
        int samples = device.SamplesProcessed;
        output.WriteLine($"{sensor}, {SimulatedSeconds} s at {settings.SampleRateHertz} samples/s ({samples} samples), 75 bpm:");
        output.WriteLine("| loop | passes/s | passes per sample |");
        output.WriteLine("|---|---|---|");
        int total = 0;
        foreach (DeviceLoop loop in threads.Loops.Where(loop => loop is not OneShot))
        {
            total += loop.PassCount;
            output.WriteLine($"| {loop.Name} | {Rate(loop.PassCount)} | {PerSample(loop.PassCount, samples)} |");
        }

        output.WriteLine($"| all loops | {Rate(total)} | {PerSample(total, samples)} |");
        output.WriteLine($"stream objects sent: {device.Device.Streams.Sum(s => s.PointsSent + s.WindowsSent)}, heartbeats {device.Device.Streams.Sum(s => s.HeartbeatsSent)}");
        output.WriteLine();
    }

    private static string Rate(int passes) => (passes / (double)SimulatedSeconds).ToString("0.0", CultureInfo.InvariantCulture);

    private static string PerSample(int passes, int samples) => (passes / (double)Math.Max(1, samples)).ToString("0.000", CultureInfo.InvariantCulture);
}
