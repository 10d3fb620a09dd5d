using System.Globalization;
using System.Reflection;
using HeartRateStreamer.Benchmarks.LoopCost;

namespace HeartRateStreamer.Benchmarks.CallCost;

/// <summary>
/// What the device's steady state costs per sample in calls, the unit a nanoFramework interpreter pays in: the board's
/// own composition (<see cref="CostedDevice"/>) runs on counting copies of our assemblies (<see cref="CallCountingRewriter"/>)
/// for simulated minutes after a warm-up, and every entry into one of our methods and every call into the runtime's
/// libraries (locks among them) is counted. .NET's JIT inlines most of these calls away; the interpreter makes each one.
/// </summary>
public static class CallCostReport
{
    private const int WarmUpSeconds = 20;
    private const int CountedSeconds = 100;
    private const int ShownMethods = 60;

    // The device's own code: what the board runs. The virtual board's adapters and the simulation are the host's
    // stand-ins for the chip and the network, so they are not counted.
    private static readonly string[] s_deviceAssemblies = ["HeartRateStreamer.Core", "HeartRateStreamer.Device", "Iot.Device.Max30102", "Iot.Device.PulseSensor"];

    /// <summary>Counts the device with each sensor and writes a table per sensor.</summary>
    public static void Run(TextWriter output)
    {
        string binaries = AppContext.BaseDirectory;
        string counting = Path.Combine(Path.GetTempPath(), "hrs-call-cost-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(counting);
        try
        {
            var names = new Dictionary<string, IReadOnlyList<string>>();
            foreach (string assembly in s_deviceAssemblies)
            {
                names[assembly] = CallCountingRewriter.Rewrite(Path.Combine(binaries, assembly + ".dll"), Path.Combine(counting, assembly + ".dll"));
            }

            foreach (string sensor in new[] { "max30102", "analog" })
            {
                Measure(sensor, binaries, counting, names, output);
            }
        }
        finally
        {
            Directory.Delete(counting, true);
        }
    }

    /// <summary>Runs inside the counting context: the device warms up, <paramref name="startCounting"/> clears the counts, the device runs on; returns the samples processed meanwhile.</summary>
    public static int RunCounted(string sensor, Action startCounting)
    {
        using var device = new CostedDevice(sensor);
        device.RunFor(WarmUpSeconds);
        int before = device.SamplesProcessed;
        startCounting();
        device.RunFor(CountedSeconds);
        return device.SamplesProcessed - before;
    }

    private static void Measure(string sensor, string binaries, string counting, Dictionary<string, IReadOnlyList<string>> names, TextWriter output)
    {
        var context = new CountingLoadContext(counting, binaries);
        try
        {
            var slots = new Dictionary<string, long[]>();
            foreach (string assembly in s_deviceAssemblies)
            {
                slots[assembly] = new long[names[assembly].Count];
                context.LoadFromAssemblyName(new AssemblyName(assembly)).GetType(CallCountingRewriter.CounterTypeName)!
                    .GetField(CallCountingRewriter.CounterFieldName)!.SetValue(null, slots[assembly]);
            }

            MethodInfo run = context.LoadFromAssemblyName(typeof(CallCostReport).Assembly.GetName())
                .GetType(typeof(CallCostReport).FullName!)!.GetMethod(nameof(RunCounted))!;
            Action startCounting = () =>
            {
                foreach (long[] counts in slots.Values)
                {
                    Array.Clear(counts);
                }
            };
            int samples = (int)run.Invoke(null, [sensor, startCounting])!;
            Write(sensor, samples, names, slots, output);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void Write(string sensor, int samples, Dictionary<string, IReadOnlyList<string>> names, Dictionary<string, long[]> slots, TextWriter output)
    {
        var counted = s_deviceAssemblies
            .SelectMany(assembly => names[assembly].Select((name, slot) => (name, count: slots[assembly][slot])))
            .GroupBy(entry => entry.name, entry => entry.count)
            .Select(group => (name: group.Key, count: group.Sum()))
            .Where(entry => entry.count > 0)
            .ToList();
        long ours = counted.Where(entry => !IsRuntime(entry.name)).Sum(entry => entry.count);
        long runtime = counted.Where(entry => IsRuntime(entry.name)).Sum(entry => entry.count);
        long locks = counted.Where(entry => entry.name.StartsWith("runtime Monitor::Enter ", StringComparison.Ordinal)).Sum(entry => entry.count);

        output.WriteLine($"{sensor}: {CountedSeconds} s after a {WarmUpSeconds} s warm-up, {samples} samples, 75 bpm; per sample:");
        output.WriteLine($"- calls of the device's own methods: {PerSample(ours, samples)}");
        output.WriteLine($"- calls into the runtime's libraries: {PerSample(runtime, samples)}, of them locks taken: {PerSample(locks, samples)}");
        output.WriteLine("| calls per sample | method |");
        output.WriteLine("|---|---|");
        foreach ((string name, long count) in counted.OrderByDescending(entry => entry.count).Take(ShownMethods))
        {
            output.WriteLine($"| {PerSample(count, samples)} | {name} |");
        }

        output.WriteLine();
    }

    private static bool IsRuntime(string name) => name.StartsWith("runtime ", StringComparison.Ordinal);

    private static string PerSample(long count, int samples) => (count / (double)Math.Max(1, samples)).ToString("0.00", CultureInfo.InvariantCulture);
}
