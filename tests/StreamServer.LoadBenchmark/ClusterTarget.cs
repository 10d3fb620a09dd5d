using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A cluster of N stream-server nodes as deployed (issue 17), started by deploy/local-cluster.sh on loopback
/// ports of its own: PostgreSQL (a throwaway initdb cluster), Redis, the nodes with --store postgres:// and --cluster
/// redis://, HAProxy from deploy/haproxy.cfg.template in front. Devices and viewers go through HAProxy. The nodes
/// serve; Redis, PostgreSQL (the postmaster and its backends) and HAProxy are measured beside them.</summary>
public sealed class ClusterTarget : Target
{
    /// <summary>local-cluster.sh takes CLUSTER_PORT for HAProxy, +1.. for the nodes, +10 Redis, +11 PostgreSQL, and +21.. for
    /// the nodes' PROXY protocol ports (at most 9 nodes: up to +29).</summary>
    private const int PortsPerCluster = 30;

    /// <summary>Port blocks are looked for from here up to the ephemeral range (from 32768 on Linux,
    /// /proc/sys/net/ipv4/ip_local_port_range), so no outgoing connection takes one of them meanwhile.</summary>
    private const int FirstPort = 24000;
    private const int EphemeralPorts = 32768;

    private readonly string _directory;
    private readonly int _nodes;
    private readonly int _minThreads;
    private MeasuredProcess[] _processes = [];

    private ClusterTarget(string name, int port, string directory, int nodes, int minThreads)
        : base(name, port)
    {
        _directory = directory;
        _nodes = nodes;
        _minThreads = minThreads;
    }

    public override string? PlotsFile => Path.Combine(_directory, "plots.txt");

    /// <summary>Node 1 (local-cluster.sh: HAProxy's port + 1). Plots are made on one node: made at once on several, two
    /// plots can get the same number and share link (a defect in the cluster's numbering, reported with issue 17).</summary>
    public override int PlotCreationPort => Port + 1;

    public override IReadOnlyList<MeasuredProcess> Processes => _processes;

    public override bool HasExited => _processes.Any(process => !process.IsRunning);

    public override string LastOutput => string.Join("\n", Enumerable.Range(1, _nodes).Select(n => Path.Combine(_directory, $"node{n}.log"))
        .Where(File.Exists).SelectMany(log => File.ReadLines(log).TakeLast(10).Select(line => $"{Path.GetFileNameWithoutExtension(log)}: {line}")));

    /// <summary><paramref name="minThreads"/> above 0: the nodes start with at least that many thread-pool threads. A workaround,
    /// not a setting of the deployment: the nodes' Redis calls on the ingest path are synchronous, and a burst of
    /// connecting streams blocks every pool thread until the calls time out (reported with issue 17).</summary>
    public static async Task<(Target? Target, string? Missing)> StartAsync(string name, int nodes, int minThreads)
    {
        string directory = Directory.CreateTempSubdirectory($"load-{name}-").FullName;
        // The load user, as the script's users file (it keeps a file that is there).
        await File.WriteAllTextAsync(Path.Combine(directory, "users"), $"{User}:{Key}\n");
        var cluster = new ClusterTarget(name, FreePortBlock(), directory, nodes, minThreads);
        (int exit, string output) = await cluster.ScriptAsync("start");
        if (exit != 0)
        {
            await cluster.ScriptAsync("stop");
            Directory.Delete(directory, recursive: true);
            return (null, $"deploy/local-cluster.sh start failed ({exit}): {output.Trim().ReplaceLineEndings(" | ")}");
        }

        int Pid(string file) => int.Parse(File.ReadLines(Path.Combine(directory, file)).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var processes = Enumerable.Range(1, nodes)
            .Select(n => new MeasuredProcess($"node{n}", Pid($"node{n}.pid"), Serves: true, Counters: RuntimeCounters.Attach(Pid($"node{n}.pid"))))
            .ToList();
        processes.Add(new MeasuredProcess("redis", Pid("redis.pid"), Serves: false));
        processes.Add(new MeasuredProcess("postgres", Pid("postgres/postmaster.pid"), Serves: false, WithChildren: true));
        processes.Add(new MeasuredProcess("haproxy", Pid("haproxy.pid"), Serves: false));
        cluster._processes = [.. processes];
        return (cluster, null);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (MeasuredProcess process in _processes)
        {
            process.Counters?.Dispose();
        }

        foreach (string problem in Problems())
        {
            Console.WriteLine($"  {Name}'s nodes logged: {problem}");
        }

        (int exit, string output) = await ScriptAsync("stop");
        if (exit != 0)
        {
            Console.WriteLine($"{Name}: deploy/local-cluster.sh stop failed ({exit}): {output.Trim()}; its folder {_directory} stays");
            return;
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The nodes' warnings and failures, alike ones counted together (plot paths and numbers left out), most
    /// frequent first: why streams went unanswered, before the folder with the logs is deleted.</summary>
    private IEnumerable<string> Problems()
    {
        var counts = new Dictionary<string, int>();
        foreach (string log in Enumerable.Range(1, _nodes).Select(n => Path.Combine(_directory, $"node{n}.log")).Where(File.Exists))
        {
            foreach (string line in File.ReadLines(log).Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" warn: ", StringComparison.Ordinal)))
            {
                // "HH:MM:SS fail: Category[0] text": the kind is the text with its numbers and paths blanked, cut at 160 characters.
                string text = System.Text.RegularExpressions.Regex.Replace(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..], @"/~\w+/\d+|\d+", "#");
                string kind = text.Length > 160 ? text[..160] : text;
                counts[kind] = counts.GetValueOrDefault(kind) + 1;
            }
        }

        return counts.OrderByDescending(pair => pair.Value).Take(6).Select(pair => $"{pair.Value} x {pair.Key}");
    }

    private async Task<(int Exit, string Output)> ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh"));
        start.ArgumentList.Add(command);
        start.Environment["CLUSTER_DIR"] = _directory;
        start.Environment["CLUSTER_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_NODES"] = _nodes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_NODE_ARGS"] = string.Join(' ', LoadUserLimits);
        if (_minThreads > 0)
        {
            // The runtime's minimum of worker threads, in hex (the CLR config ThreadPool_ForceMinWorkerThreads); the nodes inherit it from the script.
            start.Environment["DOTNET_ThreadPool_ForceMinWorkerThreads"] = _minThreads.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        }
        using Process script = Process.Start(start)!;
        Task<string> output = script.StandardOutput.ReadToEndAsync(), errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        return (script.ExitCode, await output + await errors);
    }

    // The checkout this program was built from: the script builds and starts the server from there.
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "deploy", "local-cluster.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"deploy/local-cluster.sh not found above {AppContext.BaseDirectory}: run the benchmark from its checkout's build");
    }

    // The first block of ports all free now (a cluster started before this one holds its block's HAProxy, node and
    // engine ports, so the next block is looked for above it).
    private static int FreePortBlock()
    {
        for (int first = FirstPort; first + PortsPerCluster <= EphemeralPorts; first += PortsPerCluster)
        {
            if (Enumerable.Range(first, PortsPerCluster).All(LoopbackPort.IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {PortsPerCluster} free loopback ports in a row between {FirstPort} and {EphemeralPorts}");
    }
}
