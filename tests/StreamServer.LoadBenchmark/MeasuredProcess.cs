namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>One process whose CPU time a step reads from /proc: a target's own, or a part of a cluster (a node, Redis,
/// PostgreSQL, HAProxy). <paramref name="Serves"/>: its CPU is the target's (a server, a sink, a cluster node), not a
/// part beside it. <paramref name="WithChildren"/>: its children's CPU counts too (PostgreSQL's backends).</summary>
public sealed record MeasuredProcess(string Name, int Pid, bool Serves, bool WithChildren = false, RuntimeCounters? Counters = null)
{
    public double CpuSeconds() => WithChildren ? ProcFs.TreeCpuSeconds(Pid) : ProcFs.CpuSeconds(Pid);

    public bool IsRunning => ProcFs.IsRunning(Pid);
}
