namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A throwaway Redis for one test: Debian's redis-server (build/setup.sh installs it) in the foreground on a free
/// loopback port, its folder in a temporary directory, no persistence. <see cref="StopAsync"/> and <see cref="StartAsync()"/>
/// take it away and bring it back on the same port, as a Redis restart does to the cluster.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stream-server-redis-").FullName;
    private EngineProcess? _engine;

    public int Port { get; } = LoopbackPort.Free();

    /// <summary>The --cluster address of this Redis.</summary>
    public string Address => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartNewAsync()
    {
        var redis = new RedisServer();
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
        _engine = EngineProcess.Start(Program, ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _folder, "--save", "",
            "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no"], _folder);
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
