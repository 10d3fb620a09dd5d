using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A target that is one process of its own on a loopback port, so its CPU and memory are its own: our
/// stream server (the built HeartRateStreamer.StreamServer.dll, as deployed), the minimal sink (this program with
/// --sink) or Mosquitto (Debian's /usr/sbin/mosquitto).</summary>
public sealed class ProcessTarget : Target
{
    private const string MosquittoPath = "/usr/sbin/mosquitto";

    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _lastOutput = new();
    private MeasuredProcess _measured = null!;

    private ProcessTarget(string name, Process process, int port, string directory)
        : base(name, port)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public override bool HasExited => _process.HasExited;

    /// <summary>The process, with the garbage collector's counters of a .NET target (server, sink); none for Mosquitto.</summary>
    public override IReadOnlyList<MeasuredProcess> Processes => [_measured];

    public override string? PlotsFile => Name == SweepSettings.Server ? Path.Combine(_directory, "plots.txt") : null;

    public override string LastOutput
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
        int port = LoopbackPort.Free();
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        switch (name)
        {
            case SweepSettings.Server:
                start.FileName = "dotnet";
                start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.dll"));
                foreach (string argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--https-port", "none", "--data", Path.Combine(directory, "data") }.Concat(LoadUserLimits))
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

        var target = new ProcessTarget(name, Process.Start(start)!, port, directory);
        await target.WaitUntilListeningAsync();
        target._measured = new MeasuredProcess(name, target._process.Id, Serves: true,
            Counters: start.FileName == "dotnet" ? RuntimeCounters.Attach(target._process.Id) : null);
        return (target, null);
    }

    public override async ValueTask DisposeAsync()
    {
        _measured?.Counters?.Dispose();
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
}
