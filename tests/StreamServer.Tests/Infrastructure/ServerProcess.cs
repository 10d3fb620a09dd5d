using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>The stream server as its own process (the built HeartRateStreamer.StreamServer.dll run by
/// dotnet), for what only a separate process shows: its resident memory, and how it answers SIGTERM.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The network interface that StartAsync's networkAddress is put on.</summary>
    public const string NetworkInterfaceName = "hrs-lan";

    public Uri BaseUrl { get; private set; } = null!;

    public int Pid => _process.Id;

    public Process Process => _process;

    /// <summary>What the process wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join("\n", _output);
            }
        }
    }

    /// <summary>Starts the server with <paramref name="arguments"/> (plus a free port, unless <paramref name="environment"/> sets
    /// ASPNETCORE_URLS, and no HTTPS) and waits until it listens. <paramref name="ownNetwork"/>: in a network namespace of its
    /// own (only its loopback; unshare(1)), with no addresses added, so its default ports (8080, 8443) are free whatever this
    /// machine runs; it cannot be reached from the test, only read. <paramref name="networkAddress"/> (with ownNetwork): that
    /// IPv4 address on a network interface of the namespace, <see cref="NetworkInterfaceName"/> (one end of a veth pair, both up);
    /// <paramref name="networkSetup"/>: more commands run in the namespace after it (ip route add default via ..., say).</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, bool ownNetwork = false,
        string? networkAddress = null, string? networkSetup = null)
    {
        var start = new ProcessStartInfo(ownNetwork ? "unshare" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (ownNetwork)
        {
            // unshare and sh exec, so the process is the server's (Terminate signals it). A new namespace's loopback is down.
            string[] namespaces = Environment.UserName == "root" ? ["--net"] : ["--map-root-user", "--net"];
            string network = networkAddress is null ? ""
                : $"ip link add {NetworkInterfaceName} type veth peer name hrs-peer && ip addr add {networkAddress}/24 dev {NetworkInterfaceName} "
                    + $"&& ip link set hrs-peer up && ip link set {NetworkInterfaceName} up && " + (networkSetup is null ? "" : networkSetup + " && ");
            foreach (string argument in namespaces.Concat(["sh", "-c", "PATH=$PATH:/usr/sbin:/sbin; ip link set lo up && " + network + "exec \"$0\" \"$@\"", "dotnet"]))
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.dll"));
        // A free port, unless the environment names the addresses (ASP.NET Core's ASPNETCORE_URLS), which --urls would win over.
        string[] addresses = ownNetwork ? []
            : environment?.ContainsKey("ASPNETCORE_URLS") == true ? ["--https-port", "none"] : ["--urls", "http://127.0.0.1:0", "--https-port", "none"];
        foreach (string argument in addresses.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var server = new ServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, line) => server.Received(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Received(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        Task exited = server._process.WaitForExitAsync();
        Task ready = await Task.WhenAny(server._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != server._listening.Task)
        {
            string output = server.Output;
            await server.DisposeAsync();
            Assert.Fail("The server process did not start listening:\n" + output);
        }

        server.BaseUrl = await server._listening.Task;
        return server;
    }

    /// <summary>Resident memory now, from /proc/PID/status (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc status");
    }

    /// <summary>Sends SIGTERM, as a supervisor stopping the service does.</summary>
    public void Terminate() => Assert.Equal(0, kill(Pid, 15));

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        Match listening = ListeningLine().Match(line);
        if (listening.Success)
        {
            _listening.TrySetResult(new Uri(listening.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"^Stream server on (http://\S+/)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
