using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>One step: the load generator (a process of its own) against one target with a stream count
/// and viewers per plot; the target's and the generator's CPU from /proc over the measured window
/// (the first write to the last point's arrival plus the generator's settle time). For a cluster the target's CPU,
/// RSS and GC are its nodes' summed, and <see cref="Parts"/> holds each node's, Redis's, PostgreSQL's and HAProxy's CPU.</summary>
public sealed record Step(
    string Target, int Streams, int Viewers, double Seconds, long Sent, long Accepted, long Dropped, long Answered,
    long HeartbeatsSent, long HeartbeatsCounted, long Deliveries, long Expected, long Repeated, long SkippedTicks,
    double P50, double P90, double P99, double Max, double WindowSeconds, double TargetCpuSeconds, double GeneratorCpuSeconds,
    double MachineBusyFraction, double TargetRssMiB, string? Skipped, RuntimeCounters.Totals? Gc = null, IReadOnlyList<Step.PartCpu>? Parts = null)
{
    /// <summary>CPU seconds of one of a cluster's processes over the step's window.</summary>
    public readonly record struct PartCpu(string Name, double CpuSeconds, bool Serves);

    /// <summary>The goal's latency bound: device write to viewer event (issue 16).</summary>
    public const double LatencyGoalMilliseconds = 100;

    /// <summary>The target's CPU time per object it accepted, in µs.</summary>
    public double CpuMicrosecondsPerObject => TargetCpuSeconds * 1e6 / Math.Max(1, Accepted);

    public static Step SkippedStep(string target, int streams, int viewers, string why) =>
        new(target, streams, viewers, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0, 0, 0, why);

    /// <summary>Why the step failed the goal, or null when it held: every object accepted and none dropped,
    /// every viewer got every point once, p99 under 100 ms, every heartbeat counted, and the generator kept its schedule.</summary>
    public string? Failure
    {
        get
        {
            if (Skipped is not null)
            {
                return Skipped;
            }

            var reasons = new List<string>();
            if (Answered < Streams)
            {
                reasons.Add($"{Streams - Answered} streams unanswered");
            }

            if (Dropped > 0 || Accepted < Sent)
            {
                reasons.Add($"{Sent - Accepted} not accepted ({Dropped} dropped)");
            }

            if (Deliveries < Expected || Repeated > 0)
            {
                reasons.Add($"deliveries {Deliveries} of {Expected}{(Repeated > 0 ? $", {Repeated} repeated" : "")}");
            }

            if (Viewers > 0 && !(P99 < LatencyGoalMilliseconds))
            {
                reasons.Add($"p99 {P99:F0} ms");
            }

            if (HeartbeatsCounted < HeartbeatsSent)
            {
                reasons.Add($"heartbeats counted {HeartbeatsCounted} of {HeartbeatsSent}");
            }

            // 0.1 %: a tick lost now and then to a busy machine is not a step the target failed.
            if (SkippedTicks > Sent / 1000)
            {
                reasons.Add($"generator behind ({SkippedTicks} ticks skipped)");
            }

            return reasons.Count == 0 ? null : string.Join("; ", reasons);
        }
    }

    public static async Task<Step> RunAsync(Target target, int streams, int viewers, SweepSettings settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.LoadGenerator.dll"));
        var arguments = new List<string>
        {
            "--protocol", target.IsMqtt ? "mqtt" : "plotly", "--port", Invariant(target.Port), "--streams", Invariant(streams), "--viewers", Invariant(viewers),
            "--seconds", Invariant(settings.Seconds), "--interval-ms", Invariant(settings.IntervalMilliseconds), "--heartbeat-seconds", Invariant(settings.HeartbeatSeconds),
            "--silent-seconds", Invariant(settings.SilentSeconds),
        };
        if (target.PlotsFile is string plots)
        {
            arguments.AddRange(["--plots", plots, "--user", LoadBenchmark.Target.User, "--key", LoadBenchmark.Target.Key, "--create-port", Invariant(target.PlotCreationPort)]);
        }

        arguments.ForEach(start.ArgumentList.Add);
        using Process generator = Process.Start(start)!;
        Task<string> errors = generator.StandardError.ReadToEndAsync();
        try
        {
            await ExpectAsync(generator, "ready", errors);
            IReadOnlyList<MeasuredProcess> processes = target.Processes;
            double[] before = processes.Select(p => p.CpuSeconds()).ToArray();
            double generatorBefore = ProcFs.CpuSeconds(generator.Id);
            RuntimeCounters.Totals? gcBefore = target.GcSnapshot();
            (double busyBefore, double totalBefore) = ProcFs.MachineCpuSeconds();
            var window = Stopwatch.StartNew();
            await generator.StandardInput.WriteLineAsync("go");
            await generator.StandardInput.FlushAsync();
            await ExpectAsync(generator, "measured", errors);
            double windowSeconds = window.Elapsed.TotalSeconds;
            PartCpu[] parts = processes.Select((p, i) => new PartCpu(p.Name, p.CpuSeconds() - before[i], p.Serves)).ToArray();
            double generatorCpu = ProcFs.CpuSeconds(generator.Id) - generatorBefore;
            (double busyAfter, double totalAfter) = ProcFs.MachineCpuSeconds();
            double targetCpu = parts.Where(p => p.Serves).Sum(p => p.CpuSeconds);
            double rss = processes.Where(p => p.Serves).Sum(p => ProcFs.ResidentMiB(p.Pid));
            RuntimeCounters.Totals? gc = target.GcSnapshot() - gcBefore;
            await generator.StandardInput.WriteLineAsync("end");
            await generator.StandardInput.FlushAsync();
            string resultLine = await ExpectAsync(generator, "result ", errors);
            await generator.WaitForExitAsync();
            using JsonDocument result = JsonDocument.Parse(resultLine["result ".Length..], new JsonDocumentOptions());
            JsonElement r = result.RootElement;
            long L(string name) => r.GetProperty(name).GetInt64();
            double D(string name) => r.GetProperty(name).ValueKind == JsonValueKind.String ? double.NaN : r.GetProperty(name).GetDouble();
            return new Step(target.Name, streams, viewers, D("sendSeconds"), L("sent"), L("accepted"), L("dropped"), L("answered"), L("heartbeatsSent"), L("heartbeatsCounted"),
                L("deliveries"), L("expected"), L("repeated"), L("skippedTicks"), D("p50"), D("p90"), D("p99"), D("max"), windowSeconds, targetCpu, generatorCpu,
                (busyAfter - busyBefore) / Math.Max(0.001, totalAfter - totalBefore), rss, null, gc, parts.Length > 1 ? parts : null);
        }
        finally
        {
            if (!generator.HasExited)
            {
                generator.Kill(entireProcessTree: true);
            }
        }
    }

    public static string Header =>
        "target     streams  viewers  objects/s sent  accepted/s  dropped  deliveries/expected      p50/p90/p99/max ms         target CPU  µs/object  µs/delivery  B/object  GC pause  RSS MiB  generator CPU  machine busy  verdict";

    public string Row(int cores)
    {
        string prefix = $"{Target,-9} {Streams,8} {Viewers,8}";
        if (Skipped is not null)
        {
            return $"{prefix}  skipped: {Skipped}";
        }

        string deliveries = Viewers == 0 ? "-" : $"{Deliveries}/{Expected}";
        string latency = Viewers == 0 ? "-" : $"{P50:F1}/{P90:F1}/{P99:F1}/{Max:F0}";
        string allocated = Gc is { } gc ? $"{gc.AllocatedBytes / Math.Max(1, Accepted):F0}" : "-";
        // A cluster's pause share is its nodes' mean: each node pauses only itself.
        int serving = Parts?.Count(p => p.Serves) ?? 1;
        string paused = Gc is { } g ? $"{100 * g.PauseMilliseconds / 1000 / WindowSeconds / serving:F1}%" : "-";
        string row = $"{prefix} {Sent / Seconds,15:F0} {Accepted / Seconds,11:F0} {Dropped,8}  {deliveries,-24} {latency,-26} {Percent(TargetCpuSeconds, cores),10} {CpuMicrosecondsPerObject,10:F1} {PerDelivery(TargetCpuSeconds),12} {allocated,9} {paused,9} {TargetRssMiB,8:F0} {Percent(GeneratorCpuSeconds, cores),14} {MachineBusyFraction * 100,12:F0}%  {Failure ?? "holds"}";
        return Parts is null ? row : row + "\n" + PartsRow(cores);
    }

    /// <summary>A cluster's CPU by process under its row: % of all cores, µs per accepted object, µs per delivered point.</summary>
    private string PartsRow(int cores)
    {
        IEnumerable<PartCpu> nodes = Parts!.Where(p => p.Serves);
        IEnumerable<PartCpu> shown = [.. nodes, new PartCpu("nodes", nodes.Sum(p => p.CpuSeconds), true), .. Parts!.Where(p => !p.Serves)];
        return $"{"",-9} CPU % / µs per object / µs per delivery: " + string.Join(", ", shown.Select(p =>
            $"{p.Name} {Percent(p.CpuSeconds, cores)} / {p.CpuSeconds * 1e6 / Math.Max(1, Accepted):F1} / {PerDelivery(p.CpuSeconds)}"));
    }

    private string Percent(double cpuSeconds, int cores) => $"{100 * cpuSeconds / WindowSeconds / cores:F0}%";

    private string PerDelivery(double cpuSeconds) => Deliveries == 0 ? "-" : $"{cpuSeconds * 1e6 / Deliveries:F1}";

    private static async Task<string> ExpectAsync(Process generator, string prefix, Task<string> errors)
    {
        while (await generator.StandardOutput.ReadLineAsync() is string line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        await generator.WaitForExitAsync();
        throw new InvalidOperationException($"the load generator ended before '{prefix.Trim()}' (exit {generator.ExitCode}): {(await errors).Trim()}");
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
