using HeartRateStreamer.StreamServer.LoadBenchmark;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>HAProxy in front of test nodes: Debian's haproxy (build/setup.sh installs it) in the foreground (-db) on a free
/// loopback port, configured from the deployment's own template (deploy/haproxy.cfg.template), so the tests check the
/// configuration users run.</summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stream-server-haproxy-").FullName;
    private EngineProcess? _engine;

    public int Port { get; } = LoopbackPort.Free();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public string Output => _engine?.Output ?? "";

    /// <summary>Starts HAProxy with one backend server per port in <paramref name="nodePorts"/>: each node's
    /// --proxy-protocol-port, since the template sends the PROXY protocol header.</summary>
    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<int> nodePorts)
    {
        const string Program = "/usr/sbin/haproxy";
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("HAProxy is not installed (no /usr/sbin/haproxy): run bash build/setup.sh, which installs the Debian package 'haproxy'.");
        }

        var haproxy = new HaproxyServer();
        string template = await File.ReadAllTextAsync(Path.Combine(TestProject.Directory, "..", "..", "deploy", "haproxy.cfg.template"));
        string servers = string.Join("\n", nodePorts.Select((port, index) => $"    server node{index + 1} 127.0.0.1:{port}"));
        string config = Path.Combine(haproxy._folder, "haproxy.cfg");
        await File.WriteAllTextAsync(config, template.Replace("@LISTEN@", $"127.0.0.1:{haproxy.Port}").Replace("@SERVERS@", servers));
        haproxy._engine = EngineProcess.Start(Program, ["-db", "-f", config], haproxy._folder);
        await haproxy._engine.WaitForPortAsync(haproxy.Port, "haproxy");
        await haproxy.WaitUntilItPassesARequestAsync();
        return haproxy;
    }

    // Listening is not yet passing on: at the busy start of a CI run HAProxy once closed a test's first connection unanswered
    // (ProxyProtocolTests: "the response ended prematurely") though its node was up. A deployed HAProxy gets its first
    // checks before clients come; here a request for /healthz (which no limit counts) must come back through it first.
    private async Task WaitUntilItPassesARequestAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using RawConnection probe = await RawConnection.OpenAsync(Port);
                await probe.SendAsync("GET /healthz HTTP/1.1\r\nHost: haproxy\r\nConnection: close\r\n\r\n");
                RawResponse answer = await probe.ReadToEndAsync();
                if (answer.Status != 0)
                {
                    return;
                }

                last = answer.Text;
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"HAProxy on port {Port} passed no request to a node within 30 s (last: '{last}'):\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
