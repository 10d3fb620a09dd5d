using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HeartRateStreamer.StreamServer.LoadBenchmark;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>deploy/local-cluster.sh as an operator runs it, with real PostgreSQL, Redis, HAProxy and nodes on loopback
/// ports: the defects an operator walkthrough found (a busy Redis port reported as success, a failed start that left
/// PostgreSQL and Redis running and waited 20 s for a node that had exited, a second start failing obscurely, node logs
/// truncated by a start).</summary>
public sealed class LocalClusterScriptTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "local-cluster-test-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePortBlock();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunAsync("stop");
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ABusyRedisPortFailsTheStartAndNamesThePort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, _port + 10);
        taken.Start();

        (int code, string output) = await RunAsync("start");

        Assert.Equal(1, code);
        Assert.Contains($"port {_port + 10} on 127.0.0.1 is in use", output);
    }

    // A failure after PostgreSQL has started: Redis's port bound by a socket that does not listen, which the script's
    // check (a connection) cannot see but Redis's bind can. Redis daemonizes, exits, and the start must stop PostgreSQL.
    // Before, "abc" ended the start with bash's "abc: unbound variable" (exit code 1), and a port whose block passes 65535
    // started PostgreSQL on a port that does not exist ("pg_ctl: could not start server", exit code 1), after making its
    // data folder.
    [Theory]
    [InlineData("abc")]
    [InlineData("08080")]
    [InlineData("65530")]
    public async Task AClusterPortThatIsNoPortForTheWholeBlockIsRefusedBeforeAnythingStarts(string given)
    {
        Directory.CreateDirectory(_directory);

        (int code, string output) = await RunAsync("start", ("CLUSTER_PORT", given));

        Assert.True(code == 2, output);
        Assert.Equal($"local-cluster: CLUSTER_PORT={given} must be a port number from 1 to 65514: the cluster's ports reach 21 above it\n", output);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task ARedisThatDoesNotStartStopsPostgreSQLAndSaysWhereToLook()
    {
        // Without SO_REUSEADDR, which Redis binds with (two sockets that both set it may share an address): .NET sets it
        // on every socket it binds as ProtocolType.Tcp, not on an unspecified protocol (a stream socket is TCP all the same).
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, _port + 10));

        (int code, string output) = await RunAsync("start");

        Assert.Equal(1, code);
        Assert.Contains($"Redis did not start on 127.0.0.1:{_port + 10}; see {_directory}/redis.log", output);
        Assert.Contains("stopped what this start had started", output);
        Assert.Contains("Address already in use", await File.ReadAllTextAsync(Path.Combine(_directory, "redis.log")));
        Assert.Contains("ready to accept connections", await File.ReadAllTextAsync(Path.Combine(_directory, "postgres.log"))); // it had started
        Assert.False(Listening(_port + 11), "PostgreSQL was left running");
        Assert.False(File.Exists(Path.Combine(_directory, "postgres", "postmaster.pid")), "PostgreSQL was left running");
    }

    [Fact]
    public async Task ANodeThatExitsAtOnceEndsTheStartAndStopsTheRest()
    {
        (int code, string output) = await RunAsync("start", ("CLUSTER_NODE_ARGS", "--no-such-option"));

        Assert.Equal(1, code);
        Assert.Contains("Unrecognized command or argument '--no-such-option'", output);
        Assert.Contains("node 1 exited", output);
        Assert.Contains("stopped what this start had started", output);
        // "exited" is said only by the watch that ends the wait when the node's process ends; the old script waited out
        // its 20 s and said "did not start". No timer here: the script's Release build comes first, cold in a clean clone.
        Assert.DoesNotContain("did not start", output);
        foreach (int port in new[] { _port, _port + 10, _port + 11 })
        {
            Assert.False(Listening(port), $"port {port} (HAProxy, Redis or PostgreSQL) was left running");
        }
    }

    [Fact]
    public async Task ASecondStartSaysAlreadyRunningAndLogsAreKept()
    {
        (int code, string output) = await RunAsync("start");
        Assert.True(code == 0, output);
        string firstLog = await File.ReadAllTextAsync(Path.Combine(_directory, "node1.log"));

        (code, output) = await RunAsync("start");
        Assert.Equal(1, code);
        Assert.Contains("already running", output);
        Assert.True(Listening(_port), "the second start stopped the running cluster");

        (code, output) = await RunAsync("stop");
        Assert.True(code == 0, output);
        (code, output) = await RunAsync("start");
        Assert.True(code == 0, output);
        string bothLogs = await File.ReadAllTextAsync(Path.Combine(_directory, "node1.log"));
        Assert.StartsWith(firstLog, bothLogs, StringComparison.Ordinal);
        Assert.True(bothLogs.Length > firstLog.Length, "the second start wrote nothing to node1.log");
    }

    // Ubuntu's desktop and Debian's container images have no curl, and build/setup.sh installs none. Before, start asked
    // each node's /healthz with curl: "curl: command not found" a hundred times, then "node 1 did not answer /healthz
    // within 20 s" (exit code 1) about a node that was serving, and everything stopped.
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task AStartNeedsNoCurl()
    {
        Assert.True(OperatingSystem.IsLinux(), "the script and its PATH are Linux's");
        string withoutCurl = Directory.CreateTempSubdirectory("path-without-curl-").FullName;
        File.SetUnixFileMode(withoutCurl, (UnixFileMode)0b111_101_101); // 755: PostgreSQL's tools run as nobody and look on PATH too
        try
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
            {
                foreach (string program in Directory.EnumerateFiles(folder))
                {
                    string link = Path.Combine(withoutCurl, Path.GetFileName(program));
                    if (Path.GetFileName(program) != "curl" && !File.Exists(link))
                    {
                        File.CreateSymbolicLink(link, program);
                    }
                }
            }

            (int code, string output) = await RunAsync("start", ("PATH", withoutCurl));

            Assert.True(code == 0, output);
            Assert.Contains($"local-cluster: 1 node(s) behind http://127.0.0.1:{_port}", output);
            Assert.True(Listening(_port + 1), "the node does not listen");
        }
        finally
        {
            Directory.Delete(withoutCurl, recursive: true);
        }
    }

    private async Task<(int Code, string Output)> RunAsync(string command, params (string Name, string Value)[] environment)
    {
        string root = Path.GetFullPath(Path.Combine(TestProject.Directory, "..", ".."));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "deploy", "local-cluster.sh"));
        start.ArgumentList.Add(command);
        start.Environment["CLUSTER_DIR"] = _directory;
        start.Environment["CLUSTER_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_NODES"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process script = Process.Start(start)!;
        Task<string> output = script.StandardOutput.ReadToEndAsync();
        Task<string> errors = script.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await script.WaitForExitAsync(timeout.Token);
        return (script.ExitCode, await output + await errors);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // local-cluster.sh with one node takes CLUSTER_PORT to +11 and +21.
    private static int FreePortBlock() => LoopbackPort.FreeBlock(22);
}
