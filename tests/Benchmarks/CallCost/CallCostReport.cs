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
        foreach (KeyValuePair<string, CallCounts> sensor in Measure(Sensors))
        {
            Write(sensor.Key, sensor.Value, output);
        }
    }

    /// <summary>The sensors the device can run with: "max30102" and "analog".</summary>
    public static string[] Sensors { get; } = ["max30102", "analog"];

    /// <summary>
    /// Runs the device with each of <paramref name="sensors"/> on counting copies of its assemblies (rewritten once,
    /// loaded afresh for each sensor, so each count starts from zero statics) and returns the counts by sensor.
    /// </summary>
    public static IReadOnlyDictionary<string, CallCounts> Measure(IEnumerable<string> sensors)
    {
        string binaries = AppContext.BaseDirectory;
        string counting = Path.Combine(Path.GetTempPath(), "hrs-call-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(counting);
        try
        {
            var names = new Dictionary<string, IReadOnlyList<string>>();
            foreach (string assembly in s_deviceAssemblies)
            {
                names[assembly] = CallCountingRewriter.Rewrite(Path.Combine(binaries, assembly + ".dll"), Path.Combine(counting, assembly + ".dll"));
            }

            var results = new Dictionary<string, CallCounts>();
            foreach (string sensor in sensors)
            {
                results[sensor] = MeasureOne(sensor, new CountingLoadContext(counting, binaries), names);
            }

            return results;
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

    private static CallCounts MeasureOne(string sensor, CountingLoadContext context, Dictionary<string, IReadOnlyList<string>> names)
    {
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
            var byName = s_deviceAssemblies
                .SelectMany(assembly => names[assembly].Select((name, slot) => (name, count: slots[assembly][slot])))
                .GroupBy(entry => entry.name, entry => entry.count)
                .Where(group => group.Sum() > 0)
                .ToDictionary(group => group.Key, group => group.Sum());
            return new CallCounts(samples, byName);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void Write(string sensor, CallCounts counts, TextWriter output)
    {
        output.WriteLine($"{sensor}: {CountedSeconds} s after a {WarmUpSeconds} s warm-up, {counts.Samples} samples, 75 bpm; per sample:");
        output.WriteLine($"- calls of the device's own methods: {Format(counts.OwnCallsPerSample)}");
        output.WriteLine($"- calls into the runtime's libraries: {Format(counts.LibraryCallsPerSample)}, of them locks taken: {Format(counts.LocksPerSample)}");
        output.WriteLine("| calls per sample | method |");
        output.WriteLine("|---|---|");
        foreach (KeyValuePair<string, long> entry in counts.ByName.OrderByDescending(entry => entry.Value).Take(ShownMethods))
        {
            output.WriteLine($"| {Format(counts.PerSample(entry.Value))} | {entry.Key} |");
        }

        output.WriteLine();
    }

    private static string Format(double perSample) => perSample.ToString("0.00", CultureInfo.InvariantCulture);
}
