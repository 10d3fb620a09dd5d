namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What the load goes to, on a loopback port: one process (<see cref="ProcessTarget"/>: our server, the
/// minimal sink, Mosquitto) or a cluster behind HAProxy (<see cref="ClusterTarget"/>). A step reads the CPU time of
/// each of its <see cref="Processes"/>; those that serve (the server, the sink, a cluster's nodes) are the target's.</summary>
public abstract class Target(string name, int port) : IAsyncDisposable
{
    public const string User = "load";
    public const string Key = "load-key-0001-bench";

    /// <summary>One user owns every plot here, where a real fleet spreads them over many: that user's limits are raised
    /// past the sweep's largest step (10,000 plots of two full 500-point columns), and so are one address's connections: the
    /// generator's devices and viewers share a few loopback addresses, 20,000 connections each (LoopbackAddresses: 127.0.1.x).</summary>
    public static readonly string[] LoadUserLimits = ["--max-plots-per-user", "100000", "--user-plot-bytes", "2147483647", "--max-connections-per-address", "1000000"];

    public string Name { get; } = name;

    /// <summary>Where devices and viewers connect (127.0.0.1).</summary>
    public int Port { get; } = port;

    public bool IsMqtt => Name == SweepSettings.Mosquitto;

    /// <summary>Where plots are made with /clientresp: <see cref="Port"/>, or one node of a cluster.</summary>
    public virtual int PlotCreationPort => Port;

    /// <summary>The file where the generator keeps the plots it made on this target; null when plots are not made
    /// through /clientresp (the sink, Mosquitto).</summary>
    public abstract string? PlotsFile { get; }

    public abstract IReadOnlyList<MeasuredProcess> Processes { get; }

    public abstract bool HasExited { get; }

    /// <summary>The target's last lines of output, to say why it failed.</summary>
    public abstract string LastOutput { get; }

    /// <summary>Null (and why) when the target cannot run here: an engine not installed.</summary>
    public static async Task<(Target? Target, string? Missing)> StartAsync(string name, SweepSettings settings) =>
        SweepSettings.ClusterNodes(name) is int nodes ? await ClusterTarget.StartAsync(name, nodes, settings.NodeMinThreads) : await ProcessTarget.StartAsync(name);

    /// <summary>The garbage collectors' totals summed over the serving processes; null unless each has its counters.</summary>
    public RuntimeCounters.Totals? GcSnapshot()
    {
        RuntimeCounters.Totals sum = default;
        foreach (MeasuredProcess process in Processes.Where(p => p.Serves))
        {
            if (process.Counters is null)
            {
                return null;
            }

            sum += process.Counters.Snapshot();
        }

        return sum;
    }

    public abstract ValueTask DisposeAsync();
}
