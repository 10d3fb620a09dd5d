using System.Globalization;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>The sweep: which targets, which stream counts (climbed in order until a step fails), which
/// viewer counts per plot, and how long each step streams. --cluster-nodes 1,2,3 adds a cluster target per node
/// count (cluster-1, cluster-2, ...; <see cref="ClusterTarget"/>); with it, --targets defaults to none.
/// --node-min-threads N starts the cluster's nodes with at least N thread-pool threads (0: the runtime's default).</summary>
public sealed record SweepSettings(string[] Targets, int[] Steps, int[] Viewers, double Seconds, int IntervalMilliseconds, int HeartbeatSeconds, double SilentSeconds, bool KeepGoing, int NodeMinThreads = 0)
{
    public const string Server = "server";
    public const string Sink = "sink";
    public const string Mosquitto = "mosquitto";
    private const string ClusterPrefix = "cluster-";
    private const string NoTargets = "none";

    /// <summary>The node count of a cluster target's name (cluster-3: 3), null for any other target.</summary>
    public static int? ClusterNodes(string target) =>
        target.StartsWith(ClusterPrefix, StringComparison.Ordinal) ? int.Parse(target[ClusterPrefix.Length..], CultureInfo.InvariantCulture) : null;

    /// <summary>Options that take a value, and flags; --sweep names the default (the whole sweep) explicitly.</summary>
    private static readonly string[] s_valued = ["--targets", "--cluster-nodes", "--node-min-threads", "--steps", "--viewers", "--seconds", "--interval-ms", "--heartbeat-seconds", "--silent-seconds"];
    private static readonly string[] s_flags = ["--sweep", "--keep-going"];

    public static SweepSettings Parse(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (s_valued.Contains(args[i]) && i + 1 < args.Length)
            {
                i++;
            }
            else if (!s_flags.Contains(args[i]))
            {
                throw new ArgumentException($"'{args[i]}' is not an option here (or lacks its value); the options are {string.Join(", ", s_valued.Select(o => o + " VALUE").Concat(s_flags))}, and --ingest-cost, --store-cost, --key-flood on their own");
            }
        }

        string? Text(string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int[] Numbers(string name, string fallback, int min, int max) => (Text(name) ?? fallback).Split(',').Select(text =>
        {
            int value = int.Parse(text, CultureInfo.InvariantCulture);
            return value >= min && value <= max ? value : throw new ArgumentException($"{name}: {value} must be {min}..{max}");
        }).ToArray();

        // local-cluster.sh starts 1-9 nodes (its Redis takes the tenth port above HAProxy's).
        int[] clusters = Text("--cluster-nodes") is null ? [] : Numbers("--cluster-nodes", "", 1, 9);
        string[] targets = (Text("--targets") ?? (clusters.Length > 0 ? NoTargets : $"{Server},{Sink},{Mosquitto}")).Split(',');
        foreach (string target in targets.Where(t => t is not (Server or Sink or Mosquitto or NoTargets)))
        {
            throw new ArgumentException($"--targets: '{target}' must be {Server}, {Sink}, {Mosquitto} or {NoTargets} (clusters come from --cluster-nodes)");
        }

        targets = [.. targets.Where(t => t != NoTargets), .. clusters.Distinct().Select(n => ClusterPrefix + n.ToString(CultureInfo.InvariantCulture))];
        if (targets.Length == 0)
        {
            throw new ArgumentException($"--targets {NoTargets} without --cluster-nodes leaves nothing to measure");
        }

        double seconds = double.Parse(Text("--seconds") ?? "10", CultureInfo.InvariantCulture);
        if (seconds is < 1 or > 600)
        {
            throw new ArgumentException($"--seconds {seconds} must be 1..600");
        }

        return new SweepSettings(targets, Numbers("--steps", "100,200,500,1000,2000,5000,10000", 1, 100_000), Numbers("--viewers", "0,1,5", 0, 100), seconds,
            Numbers("--interval-ms", "50", 1, 10_000)[0], Numbers("--heartbeat-seconds", "30", 1, 59)[0],
            double.Parse(Text("--silent-seconds") ?? "0", CultureInfo.InvariantCulture), args.Contains("--keep-going"),
            Numbers("--node-min-threads", "0", 0, 4096)[0]);
    }
}
