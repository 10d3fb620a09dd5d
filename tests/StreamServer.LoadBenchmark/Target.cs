using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What the load goes to, each a process of its own on a loopback port so its CPU and memory
/// are its own: our stream server (the built HeartRateStreamer.StreamServer.dll, as deployed), the
/// minimal sink (this program with --sink) or Mosquitto (Debian's /usr/sbin/mosquitto).</summary>
public sealed class Target : IAsyncDisposable
{
    public const string User = "load";
    public const string Key = "load-key-0001-bench";
    private const string MosquittoPath = "/usr/sbin/mosquitto";

    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _lastOutput = new();

    private Target(string name, Process process, int port, string directory)
    {
        Name = name;
        _process = process;
        Port = port;
        _directory = directory;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public bool IsMqtt => Name == SweepSettings.Mosquitto;

    /// <summary>The garbage collector's counters of a .NET target (server, sink); null for Mosquitto.</summary>
    public RuntimeCounters? Counters { get; private set; }

    /// <summary>The file where the generator keeps the plots it made on this target (server only).</summary>
    public string? PlotsFile => Name == SweepSettings.Server ? Path.Combine(_directory, "plots.txt") : null;

    public string LastOutput
    {
        get
        {
            lock (_lastOutput)
            {
                return string.Join("\n", _lastOutput);
            }
        }
    }

    /// <summary>Null (and why) when the target cannot run here: Mosquitto not installed.</summary>
    public static async Task<(Target? Target, string? Missing)> StartAsync(string name)
    {
        string directory = Directory.CreateTempSubdirectory($"load-{name}-").FullName;
        int port = FreePort();
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        switch (name)
        {
            case SweepSettings.Server:
                start.FileName = "dotnet";
                start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.dll"));
                // One user owns every plot here, where a real fleet spreads them over many: that user's limits are raised
                // past the sweep's largest step (10,000 plots of two full 500-point columns).
                foreach (string argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--https-port", "none", "--data", Path.Combine(directory, "data"),
                    "--max-plots-per-user", "100000", "--user-plot-bytes", "2147483647" })
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["STREAM_SERVER_USERS"] = $"{User}:{Key}";
                break;
            case SweepSettings.Sink:
                start.FileName = "dotnet";
                start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.LoadBenchmark.dll"));
                start.ArgumentList.Add("--sink");
                start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                if (!File.Exists(MosquittoPath))
                {
                    return (null, $"{MosquittoPath} is not installed (bash build/setup.sh installs Debian's mosquitto)");
                }

                // No persistence, nothing but errors logged, anonymous clients on loopback only (mosquitto.conf(5)).
                string config = Path.Combine(directory, "mosquitto.conf");
                await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type error\nmax_queued_messages 1000\n");
                start.FileName = MosquittoPath;
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(config);
                break;
        }

        var target = new Target(name, Process.Start(start)!, port, directory);
        await target.WaitUntilListeningAsync();
        if (start.FileName == "dotnet")
        {
            target.Counters = RuntimeCounters.Attach(target.Pid);
        }

        return (target, null);
    }

    public async ValueTask DisposeAsync()
    {
        Counters?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited at start ({_process.ExitCode}):\n{LastOutput}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > 40)
            {
                _lastOutput.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
