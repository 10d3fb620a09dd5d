using HeartRateStreamer.StreamServer.LoadBenchmark;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A throwaway Redis for one test: Debian's redis-server (build/setup.sh installs it) in the foreground on a free
/// loopback port, its folder in a temporary directory, no persistence. <see cref="StopAsync"/> and <see cref="StartAsync()"/>
/// take it away and bring it back on the same port, as a Redis restart does to the cluster. It may require a password
/// (<c>requirepass</c>) and speak only TLS, with a certificate for 127.0.0.1 from a CA made for it (<see cref="Tls"/>).</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stream-server-redis-").FullName;
    private readonly string? _password;
    private EngineProcess? _engine;

    private RedisServer(string? password, bool tls)
    {
        _password = password;
        Tls = tls ? TestCertificateAuthority.WriteTo(_folder) : null;
    }

    public int Port { get; } = LoopbackPort.Free();

    /// <summary>The certificates when this Redis speaks only TLS; null for plain TCP.</summary>
    public TestCertificateAuthority? Tls { get; }

    /// <summary>The --cluster address of this Redis, with its password and, for TLS, its CA certificate.</summary>
    public string Address => AddressWith(_password, trustCa: true);

    /// <summary>This Redis's address with another password (null: none) and, for TLS, without naming the CA to trust.</summary>
    public string AddressWith(string? password, bool trustCa) =>
        $"{(Tls is null ? "redis" : "rediss")}://{(password is null ? "" : $":{Uri.EscapeDataString(password)}@")}127.0.0.1:{Port}"
        + (Tls is not null && trustCa ? $"?ca={Uri.EscapeDataString(Tls.CaPath)}" : "");

    public static async Task<RedisServer> StartNewAsync(string? password = null, bool tls = false)
    {
        var redis = new RedisServer(password, tls);
        await redis.StartAsync();
        return redis;
    }

    public async Task StartAsync()
    {
        const string Program = "/usr/bin/redis-server";
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("Redis is not installed (no /usr/bin/redis-server): run bash build/setup.sh, which installs the Debian package 'redis-server'.");
        }

        // No RDB or AOF files: what a test leaves in Redis goes with it, and a restart starts empty, as a lost Redis does.
        List<string> arguments = ["--bind", "127.0.0.1", "--dir", _folder, "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no"];
        arguments.AddRange(Tls is null ? ["--port", Port.ToString()]
            : ["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", Tls.CertificatePath, "--tls-key-file", Tls.KeyPath,
                "--tls-ca-cert-file", Tls.CaPath, "--tls-auth-clients", "no"]);
        if (_password is not null)
        {
            arguments.AddRange(["--requirepass", _password]);
        }

        _engine = EngineProcess.Start(Program, arguments, _folder);
        await _engine.WaitForPortAsync(Port, "redis-server");
    }

    public async Task StopAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
            _engine = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
