using Mono.Cecil;
using Xunit;

namespace HeartRateStreamer.HotPath;

/// <summary>
/// The device's steady state, per sample and per frame, must not allocate (a nanoCLR garbage collection stalls
/// every thread). Scans every method reachable from each entry point in core and drivers, and in the firmware's
/// adapters as the nano gate compiled them.
/// </summary>
public class DevicePathTests
{
    private static readonly string s_binaries = Path.GetDirectoryName(typeof(DevicePathTests).Assembly.Location)!;

    // Gate-built firmware (against nanoFramework's mscorlib); its adapters are what the board runs per sample and per frame.
    private static readonly string s_firmwareAssembly = Path.Combine(
        s_binaries, "..", "..", "HeartRateStreamer.Gate", "debug", "HeartRateStreamer.dll");

    // The reference contracts the firmware is compiled against: the scanner resolves their types to tell enums from structs.
    private static readonly string s_contracts = Path.Combine(s_binaries, "..", "..", "NanoFrameworkContracts.Gate", "debug");

    // Run once per connection or per failure, never per sample or frame, so they may build log messages.
    private static readonly string[] s_notSteadyState =
    [
        "HeartRateStreamer.Streaming.PlotStream::Connect",
        "HeartRateStreamer.Streaming.PlotStream::HandleConnectionEnd",
        "HeartRateStreamer.Supervision.Watchdog::RequestReboot",
        "HeartRateStreamer.Supervision.Watchdog::RequestPlannedReboot",  // once in 496 days
        "HeartRateStreamer.Sampling.FixedRateSampler::TryStart",  // sensor (re)initialisation after a failure
    ];

    public static TheoryData<string, string, string> EntryPoints() => new()
    {
        // Sensor → ring buffer (sampling thread)
        { "Iot.Device.Max30102", "Iot.Device.Max30102.Max30102", "ReadFifo" },
        { "Iot.Device.Max30102", "Iot.Device.Max30102.Max30102SampleSource", "Read" },
        { "Iot.Device.PulseSensor", "Iot.Device.PulseSensor.PulseSensorSampleSource", "Read" },
        { "Iot.Device.PulseSensor", "Iot.Device.PulseSensor.PulseSensor", "Read" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Sampling.FixedRateSampler", "Poll" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Buffers.SampleRingBuffer", "TryWrite" },

        // Ring buffer → estimator → streams (processing and stream threads)
        { "HeartRateStreamer.Core", "HeartRateStreamer.Buffers.SampleRingBuffer", "TryRead" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.SignalProcessing.PulseEstimator", "AddSample" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Pipeline.PulsePipeline", "ProcessWaitingSamples" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Streaming.PlotStream", "Append" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Streaming.PlotStream", "AppendIfChanged" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Streaming.PlotStream", "Service" },
        { "HeartRateStreamer.Core", "HeartRateStreamer.Streaming.PlotStream", "SendHeartbeatIfDue" },

        // Watchdog
        { "HeartRateStreamer.Core", "HeartRateStreamer.Supervision.Watchdog", "Tick" },

        // The device's per-sample and per-frame loops. Not the status loop: it writes log lines, which are strings, the
        // reading every 5 s and the counters every reportSeconds (a few hundred bytes each, collected in passing).
        { "HeartRateStreamer.Device", "HeartRateStreamer.Device.Loops.SamplingLoop", "Step" },
        { "HeartRateStreamer.Device", "HeartRateStreamer.Device.Loops.ProcessingLoop", "Step" },
        { "HeartRateStreamer.Device", "HeartRateStreamer.Device.Loops.StreamLoop", "Step" },
        { "HeartRateStreamer.Device", "HeartRateStreamer.Device.Loops.WatchdogLoop", "Step" },

        // Firmware adapters behind the ports
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.I2cRegisterBus", "Write" },
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.I2cRegisterBus", "WriteRead" },
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.AdcAnalogInput", "Read" },
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.SocketTransport", "Send" },
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.SocketTransport", "Receive" },
        { "HeartRateStreamer", "HeartRateStreamer.Adapters.TickCountClock", "get_Milliseconds" },
    };

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void EntryPointDoesNotAllocate(string assemblyName, string typeName, string methodName)
    {
        AssemblyDefinition[] assemblies = LoadDeviceAssemblies();
        AssemblyDefinition assembly = assemblies.Single(candidate => candidate.Name.Name == assemblyName);
        TypeDefinition? type = assembly.MainModule.GetType(typeName);
        Assert.True(type != null, $"{typeName} is not in {assemblyName}: update the entry points of {nameof(DevicePathTests)}.");
        MethodDefinition[] entries = type.Methods.Where(method => method.Name == methodName && method.HasBody).ToArray();
        Assert.True(entries.Length > 0, $"{typeName}.{methodName} not found: update the entry points of {nameof(DevicePathTests)}.");

        var scanner = new AllocationScanner(assemblies, s_notSteadyState);
        List<AllocationFinding> findings = entries.SelectMany(scanner.Scan).Distinct().ToList();

        Assert.True(
            findings.Count == 0,
            $"{typeName}.{methodName} allocates on the device's steady-state path ({scanner.VisitedMethods.Count} methods scanned):\n"
            + string.Join("\n", findings));
    }

    private static AssemblyDefinition[] LoadDeviceAssemblies()
    {
        Assert.True(
            File.Exists(s_firmwareAssembly),
            $"{Path.GetFullPath(s_firmwareAssembly)} is missing: build the nano gate first (bash build/test.sh, or dotnet build HeartRateStreamer.Linux.slnx).");

        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(s_binaries);
        resolver.AddSearchDirectory(s_contracts);
        var parameters = new ReaderParameters { AssemblyResolver = resolver };
        return
        [
            AssemblyDefinition.ReadAssembly(Path.Combine(s_binaries, "HeartRateStreamer.Core.dll"), parameters),
            AssemblyDefinition.ReadAssembly(Path.Combine(s_binaries, "Iot.Device.Max30102.dll"), parameters),
            AssemblyDefinition.ReadAssembly(Path.Combine(s_binaries, "Iot.Device.PulseSensor.dll"), parameters),
            AssemblyDefinition.ReadAssembly(Path.Combine(s_binaries, "HeartRateStreamer.Device.dll"), parameters),
            AssemblyDefinition.ReadAssembly(s_firmwareAssembly, parameters),
        ];
    }
}
