using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Npgsql;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>The default 'demo' user when two cluster nodes start at once on an empty store: each makes a key, the first
/// stored is kept (<see cref="IPlotStore.AddUser"/>), and the node that lost must accept that key, not its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoUserRaceTests(PostgresServer postgres)
{
    // Before, the node whose insert did nothing said whose key to use but kept its own key's hash, refusing the kept key
    // until its next start. Both nodes' inserts are held by a trigger until both are waiting, so both made a key every run.
    [Fact]
    public async Task The_node_that_lost_the_demo_users_race_accepts_the_stored_key_at_once()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        DataFolder.OpenPostgres(store).Dispose(); // the schema, for the trigger
        await using var database = new NpgsqlConnection(PostgresAddress.Parse(store).ConnectionString);
        await database.OpenAsync();
        await using (var hold = new NpgsqlCommand("""
            CREATE FUNCTION hold_users() RETURNS trigger AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock_shared(4242);
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER hold_users BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION hold_users();
            SELECT pg_advisory_lock(4242);
            """, database))
        {
            await hold.ExecuteNonQueryAsync();
        }

        // On the thread pool: a node's start waits in the database, blocking its thread, until the test lets it go.
        Task<TestServer> startingA = Task.Run(() => StartNodeAsync(store, redis, options => options.Users.Clear()));
        Task<TestServer> startingB = Task.Run(() => StartNodeAsync(store, redis, options => options.Users.Clear()));
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", database))
        {
            await Eventually.TrueAsync(async () => (long)(await waiting.ExecuteScalarAsync())! == 2, "both nodes store their demo user");
        }

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(4242)", database))
        {
            await release.ExecuteNonQueryAsync();
        }

        await using TestServer a = await startingA;
        await using TestServer b = await startingB;

        TestServer[] made = [.. new[] { a, b }.Where(node => node.Host.Users.ContainsKey(StreamServerHost.DemoUser))];
        TestServer winner = Assert.Single(made);
        TestServer loser = winner == a ? b : a;
        Assert.True(loser.Host.DemoStoredElsewhere);
        string key = winner.Host.Users[StreamServerHost.DemoUser];
        foreach (TestServer node in new[] { loser, winner })
        {
            // Answered with no error, on the node that lost first: it refused the key ("the key is wrong").
            await TestServer.CreatePlotAsync(node.Http, $"demo-token-{node.Port}", filename: $"on {node.Port}", user: StreamServerHost.DemoUser, key: key);
        }
    }
}
