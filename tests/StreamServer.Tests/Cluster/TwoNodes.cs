using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using StackExchange.Redis;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>What most cluster scenarios start from: a fresh Redis, a fresh PostgreSQL database, and two nodes in this
/// process on both; disposed together, nodes first.</summary>
public sealed class TwoNodes(RedisServer redis, string store, TestServer a, TestServer b) : IAsyncDisposable
{
    public RedisServer Redis => redis;

    /// <summary>The nodes' --store address (their PostgreSQL database).</summary>
    public string Store => store;

    public TestServer A => a;

    public TestServer B => b;

    /// <param name="redis">A Redis started for them (with a password, over TLS), which they then own; null for a plain one.</param>
    /// <param name="configure">Settings of both nodes beyond the store and Redis (<see cref="StartNodeAsync"/>).</param>
    public static async Task<TwoNodes> StartAsync(PostgresServer postgres, RedisServer? redis = null, Action<StreamServerOptions>? configure = null)
    {
        redis ??= await RedisServer.StartNewAsync();
        string store = await postgres.NewDatabaseAsync();
        return new TwoNodes(redis, store, await StartNodeAsync(store, redis, configure), await StartNodeAsync(store, redis, configure));
    }

    /// <summary>Waits until no node holds the plot's builder key: <paramref name="builder"/>, which built it, let the idle plot go.</summary>
    public async Task LetGoAsync(TestServer builder, string link)
    {
        (string owner, int number) = await OwnerAndNumberAsync(builder, link);
        RedisKey key = ClusterKeys.Builder(builder.Host.Plots.Find(owner, number)!);
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        await Eventually.TrueAsync(async () => !await connection.GetDatabase().KeyExistsAsync(key), $"node {builder.Port} let the idle plot go", timeoutSeconds: 30);
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
