using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What a .NET target's garbage collector did, read from outside the process: the runtime's own
/// counters ("System.Runtime" EventCounters over EventPipe, what dotnet-counters shows), so the server needs no
/// code for being measured. Counters arrive as increments per interval; totals are kept so a step reads
/// the difference over its window, to within one interval at each end.</summary>
public sealed class RuntimeCounters : IDisposable
{
    /// <summary>A quarter second: a 10 s step's window is then known to within about 5 %.</summary>
    private const string IntervalSeconds = "0.25";

    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private const long GcKeyword = 0x1;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _allocatedByType = [];
    private double _allocatedBytes;
    private double _pauseMilliseconds;
    private double _gen2Collections;

    private RuntimeCounters(EventPipeSession session)
    {
        _session = session;
        _reading = Task.Run(Read);
    }

    /// <summary>Totals since the session started: bytes allocated, GC pause time, gen 2 collections.</summary>
    public readonly record struct Totals(double AllocatedBytes, double PauseMilliseconds, double Gen2Collections)
    {
        public static Totals operator -(Totals after, Totals before) =>
            new(after.AllocatedBytes - before.AllocatedBytes, after.PauseMilliseconds - before.PauseMilliseconds, after.Gen2Collections - before.Gen2Collections);

        /// <summary>Two processes' totals together (a cluster's nodes).</summary>
        public static Totals operator +(Totals a, Totals b) =>
            new(a.AllocatedBytes + b.AllocatedBytes, a.PauseMilliseconds + b.PauseMilliseconds, a.Gen2Collections + b.Gen2Collections);
    }

    /// <summary>Attaches to a .NET process by its diagnostics port; null when that fails (the step then prints no GC figures).</summary>
    public static RuntimeCounters? Attach(int processId)
    {
        try
        {
            var client = new DiagnosticsClient(processId);
            var counters = new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.None,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = IntervalSeconds });
            // The runtime's GC keyword (0x1) at verbose level adds an AllocationTick event per ~100 KB allocated, naming
            // the type that crossed the mark: a sample of what the process allocates, by type.
            var allocationTicks = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, GcKeyword);
            return new RuntimeCounters(client.StartEventPipeSession([counters, allocationTicks], requestRundown: false, circularBufferMB: 16));
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or UnsupportedCommandException or TimeoutException)
        {
            Console.WriteLine($"GC counters of process {processId} not available: {exception.Message}");
            return null;
        }
    }

    public Totals Snapshot()
    {
        lock (_gate)
        {
            return new Totals(_allocatedBytes, _pauseMilliseconds, _gen2Collections);
        }
    }

    /// <summary>The types that took the largest shares of the sampled allocation since the session started.</summary>
    public IReadOnlyList<(string Type, double Share)> TopAllocatedTypes(int count)
    {
        lock (_gate)
        {
            double total = _allocatedByType.Values.Sum();
            return _allocatedByType.OrderByDescending(pair => pair.Value).Take(count)
                .Select(pair => (pair.Key, total == 0 ? 0 : pair.Value / total)).ToList();
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The process already ended: nothing left to stop.
        }

        _reading.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }

    private void Read()
    {
        using var source = new EventPipeEventSource(_session.EventStream);
        source.Dynamic.All += Count;
        source.Clr.GCAllocationTick += tick =>
        {
            lock (_gate)
            {
                _allocatedByType[tick.TypeName] = _allocatedByType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
            }
        };
        try
        {
            source.Process();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or EndOfStreamException)
        {
            // The session ended with the process.
        }
    }

    // Each EventCounters event carries one counter's figures for one interval (EventCounter payload format:
    // Name, and Increment for a rate counter).
    private void Count(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || outer["Payload"] is not IDictionary<string, object> payload || payload["Name"] is not string name
            || !payload.TryGetValue("Increment", out object? incrementValue))
        {
            return;
        }

        double increment = Convert.ToDouble(incrementValue, System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            switch (name)
            {
                case "alloc-rate":
                    _allocatedBytes += increment;
                    break;
                case "total-pause-time-by-gc":
                    _pauseMilliseconds += increment;
                    break;
                case "gen-2-gc-count":
                    _gen2Collections += increment;
                    break;
            }
        }
    }
}
