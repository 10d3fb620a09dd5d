using System.Globalization;
using HeartRateStreamer.StreamServer.LoadBenchmark;

// dotnet run -c Release --project tests/StreamServer.LoadBenchmark -- [--sweep] [--steps 100,200,500,1000,2000,5000,10000]
//     [--viewers 0,1,5] [--seconds 10] [--targets server,sink,mosquitto] [--cluster-nodes 1,2,3] [--node-min-threads 0] [--interval-ms 50] [--heartbeat-seconds 30] [--silent-seconds 0] [--keep-going]
// For each viewer count, climbs the stream counts on every target (steps interleaved, so a busy moment on a
// shared machine falls on all of them) until a step fails the goal; prints one row per step, then each target's
// largest stream count that held and our server's as a ratio of the sink's (the machine's limit) and Mosquitto's.
// --cluster-nodes: clusters of that many nodes behind HAProxy (deploy/local-cluster.sh), each node's, Redis's,
// PostgreSQL's and HAProxy's CPU under each of their rows.
// --silent-seconds: devices stay silent that long before each step, sending heartbeats (each must be counted).
// --ingest-cost [OBJECTS]: the server's own CPU and allocation per streamed object, in this process (IngestCost.cs).
// --store-cost [OBJECTS]: the same for saving one second's streamed objects to SQLite (StoreCost.cs).
// --key-flood [ADDRESSES]: wrong keys from that many addresses beside one right key, the server's CPU and the right key's answers (KeyFlood.cs).
if (args.Length == 2 && args[0] == "--sink")
{
    await MinimalSink.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length >= 1 && args[0] == "--ingest-cost")
{
    if (ObjectCount(args, 200_000) is not int ingested)
    {
        return 2;
    }

    try
    {
        IngestCost.Run(ingested, rounds: 5);
    }
    catch (InvalidOperationException refused)
    {
        Console.Error.WriteLine(refused.Message);
        return 1;
    }

    return 0;
}

if (args.Length >= 1 && args[0] == "--store-cost")
{
    if (ObjectCount(args, 4_000) is not int stored)
    {
        return 2;
    }

    StoreCost.Run(stored, streams: 200, rounds: 5);
    return 0;
}

if (args.Length >= 1 && args[0] == "--key-flood")
{
    int addresses = KeyFlood.DefaultAddresses;
    if (args.Length > 2 || (args.Length == 2 && !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out addresses)))
    {
        Console.Error.WriteLine($"--key-flood takes one number, the guessing addresses (default {KeyFlood.DefaultAddresses}, 1..{KeyFlood.MaxAddresses}), not '{string.Join(' ', args[1..])}'");
        return 2;
    }

    long filesLimit = ProcFs.OpenFilesLimit(Environment.ProcessId);
    if (addresses + 100 > filesLimit)
    {
        // Each address holds a connection at both ends, plus some for the processes themselves.
        Console.Error.WriteLine($"--key-flood {addresses}: needs {addresses + 100} open files per process, the limit here is {filesLimit} (ulimit -Hn)");
        return 2;
    }

    try
    {
        Console.WriteLine(KeyFlood.Header(addresses, KeyFlood.DefaultWarmUp, KeyFlood.DefaultWindow));
        KeyFloodFigures figures = await KeyFlood.RunAsync(addresses, KeyFlood.DefaultWarmUp, KeyFlood.DefaultWindow);
        foreach (string line in figures.Lines())
        {
            Console.WriteLine(line);
        }
    }
    catch (ArgumentException wrong)
    {
        Console.Error.WriteLine(wrong.Message);
        return 2;
    }
    catch (InvalidOperationException refused)
    {
        Console.Error.WriteLine(refused.Message);
        return 1;
    }

    return 0;
}

SweepSettings settings;
try
{
    settings = SweepSettings.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

int cores = Environment.ProcessorCount;
long openFiles = ProcFs.OpenFilesLimit(Environment.ProcessId);
Console.WriteLine($"{cores} cores, {settings.Seconds:F0} s per step, one object per {settings.IntervalMilliseconds} ms per stream, " +
    $"open files per process at most {openFiles} (each stream and each viewer is one connection at both ends); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {ProcFs.LoadAverage()}");
if (settings.NodeMinThreads > 0 && settings.Targets.Any(t => SweepSettings.ClusterNodes(t) is not null))
{
    Console.WriteLine($"Cluster nodes start with at least {settings.NodeMinThreads} thread-pool threads (--node-min-threads: a diagnostic, not a deployment setting)");
}

var targets = new List<Target>();
try
{
    Console.WriteLine(Step.Header);
    var measured = new List<Step>();
    var held = new Dictionary<(string Target, int Viewers), int>();
    var topped = new HashSet<(string Target, int Viewers)>(); // held at the last step tried: the limit is at least that
    var names = new List<string>();
    foreach (int viewers in settings.Viewers)
    {
        // Fresh targets for each viewer count: plots and windows left by the last climb would otherwise sit in the
        // server's heap, and each garbage collection would pay for them.
        targets = await StartTargetsAsync(settings, report: names.Count == 0);
        names = targets.Select(t => t.Name).ToList();
        var climbing = targets.ToList();
        foreach (int streams in settings.Steps)
        {
            foreach (Target target in climbing.ToList())
            {
                // Each stream and each viewer holds a socket in the target and in the generator, plus some for the process itself.
                long sockets = (long)streams * (1 + viewers) + 100;
                Step step = sockets > openFiles
                    ? Step.SkippedStep(target.Name, streams, viewers, $"needs {sockets} open files per process, the limit here is {openFiles} (ulimit -Hn)")
                    : target.HasExited
                        ? Step.SkippedStep(target.Name, streams, viewers, $"{target.Name} has exited: {target.LastOutput.ReplaceLineEndings(" | ")}")
                        : await RunOrExplainAsync(target, streams, viewers, settings);
                Console.WriteLine(step.Row(cores));
                measured.Add(step);
                if (step.Failure is null)
                {
                    held[(target.Name, viewers)] = streams;
                    topped.Add((target.Name, viewers));
                }
                else
                {
                    topped.Remove((target.Name, viewers));
                    if (!settings.KeepGoing || step.Skipped is not null)
                    {
                        climbing.Remove(target);
                    }
                }
            }
        }

        foreach (Target target in targets)
        {
            foreach (MeasuredProcess process in target.Processes)
            {
                if (process.Counters?.TopAllocatedTypes(8) is { Count: > 0 } types)
                {
                    string who = process.Name == target.Name ? target.Name : $"{target.Name} {process.Name}";
                    Console.WriteLine($"  what {who} allocated with {viewers} viewers per plot, by type (sampled every ~100 KB): " +
                        string.Join(", ", types.Select(t => $"{t.Type} {t.Share:P0}")));
                }
            }

            await target.DisposeAsync();
        }

        targets.Clear();
    }

    Console.WriteLine();
    Console.WriteLine($"{DateTime.UtcNow:HH:mm} UTC, load average {ProcFs.LoadAverage()}");
    Console.WriteLine($"Largest stream count holding the goal (nothing dropped, every point delivered, p99 < {Step.LatencyGoalMilliseconds} ms), per viewers per plot:");
    foreach (int viewers in settings.Viewers)
    {
        string Capacity(string name) => held.TryGetValue((name, viewers), out int streams) ? $"{(topped.Contains((name, viewers)) ? ">= " : "")}{streams}" : "none";
        string line = $"  {viewers} viewers: " + string.Join(", ", names.Select(name => $"{name} {Capacity(name)}"));
        if (held.TryGetValue((SweepSettings.Server, viewers), out int ours))
        {
            foreach (string reference in new[] { SweepSettings.Sink, SweepSettings.Mosquitto })
            {
                if (held.TryGetValue((reference, viewers), out int theirs))
                {
                    line += $"; server/{reference} {(double)ours / theirs:F2}{(topped.Contains((reference, viewers)) || topped.Contains((SweepSettings.Server, viewers)) ? " (a bound: a limit was not reached)" : "")}";
                }
            }
        }

        Console.WriteLine(line);
    }

    // Capacity is what a CPU-bound target can do per core second; CPU per object at the same load tells the same
    // ratio when no step held (a busy machine), or before the references reached their limits.
    Console.WriteLine("Server CPU per object as a multiple of each reference's, at the largest stream count where both accepted and delivered everything:");
    foreach (int viewers in settings.Viewers)
    {
        var parts = new List<string>();
        foreach (string reference in new[] { SweepSettings.Sink, SweepSettings.Mosquitto })
        {
            // The same work done on both sides: everything sent was accepted and reached every viewer.
            static bool Complete(Step step) => step.Skipped is null && step.Accepted > 0 && step.Accepted == step.Sent && step.Deliveries == step.Expected;
            Step? ours = measured.Where(s => s.Target == SweepSettings.Server && s.Viewers == viewers && Complete(s)
                && measured.Any(r => r.Target == reference && r.Viewers == viewers && r.Streams == s.Streams && Complete(r)))
                .MaxBy(s => s.Streams);
            if (ours is not null)
            {
                Step theirs = measured.Single(r => r.Target == reference && r.Viewers == viewers && r.Streams == ours.Streams);
                parts.Add($"{ours.CpuMicrosecondsPerObject / theirs.CpuMicrosecondsPerObject:F1}x {reference}'s ({ours.CpuMicrosecondsPerObject:F0} vs {theirs.CpuMicrosecondsPerObject:F0} µs, {ours.Streams} streams)");
            }
        }

        Console.WriteLine($"  {viewers} viewers: {(parts.Count == 0 ? "no common step" : string.Join("; ", parts))}");
    }

    return 0;
}
finally
{
    foreach (Target target in targets)
    {
        await target.DisposeAsync();
    }
}

// --ingest-cost and --store-cost take one optional count of objects; anything else is refused with what was wrong.
static int? ObjectCount(string[] args, int fallback)
{
    if (args.Length == 1)
    {
        return fallback;
    }

    if (args.Length == 2 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1)
    {
        return count;
    }

    Console.Error.WriteLine($"{args[0]} takes one number, the objects per round (default {fallback:N0}, at least 1), not '{string.Join(' ', args[1..])}'");
    return null;
}

// Starts each target, then runs an unmeasured step through it: the first objects, frames and events through a .NET
// target run while its JIT compiles them (the first measured step of 5 streams cost the server 7 ms of CPU per object
// without it).
static async Task<List<Target>> StartTargetsAsync(SweepSettings settings, bool report)
{
    var started = new List<Target>();
    foreach (string name in settings.Targets)
    {
        (Target? target, string? missing) = await Target.StartAsync(name, settings);
        if (target is null)
        {
            if (report)
            {
                Console.WriteLine($"{name}: not measured: {missing}");
            }
        }
        else
        {
            started.Add(target);
        }
    }

    try
    {
        foreach (Target target in started)
        {
            await Step.RunAsync(target, Math.Min(settings.Steps[0], 50), 1, settings with { Seconds = 2, SilentSeconds = 0 });
        }
    }
    catch
    {
        // Not yet the caller's to stop: a cluster's engines and nodes would outlive the sweep.
        foreach (Target target in started)
        {
            await target.DisposeAsync();
        }

        throw;
    }

    return started;
}

// A target that dies during a step (Mosquitto out of memory, say) ends its climb with the reason, not the sweep.
static async Task<Step> RunOrExplainAsync(Target target, int streams, int viewers, SweepSettings settings)
{
    try
    {
        return await Step.RunAsync(target, streams, viewers, settings);
    }
    catch (Exception exception) when (target.HasExited)
    {
        return Step.SkippedStep(target.Name, streams, viewers, $"{target.Name} exited during the step ({exception.GetType().Name}): {target.LastOutput.ReplaceLineEndings(" | ")}");
    }
}
