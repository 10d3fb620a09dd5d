using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Npgsql;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>A detach (/clientresp taking tokens out of other plots' rows, <see cref="PostgresStore.StoreAsync"/>) and a
/// save pass over the same plots lock those rows in one order (PostgresStore.LockOrder), so they wait for one another on
/// the real PostgreSQL instead of deadlocking. Before, a save pass upserted its plots in the order it was handed them
/// (a ConcurrentDictionary's): PostgreSQL aborted one of the two with 40P01, and when that was the detach, /clientresp
/// answered 503 with the tokens moved in memory but not in the store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLockOrderTests(PostgresServer postgres)
{
    [Fact]
    public async Task ADetachAndASavePassOverTheSameRowsBothCommitAndTheTokensLeaveTheRows()
    {
        string connectionString = PostgresAddress.Parse(await postgres.NewDatabaseAsync()).ConnectionString;
        using var setup = new PostgresStore(connectionString);
        await setup.SaveAsync([Plot(0, version: 5, "token-a"), Plot(1, version: 5, "token-b")], []);

        // Each side on a connection named for pg_stat_activity. The detach's deadlock check runs first (100 ms against
        // the default 1 s), so a deadlock aborts the detach, as in the case that answered 503. Each store opened its
        // connection (the schema) here, before any row is held, and its pool keeps it for the statements below.
        using var detacher = new PostgresStore(Named(connectionString, "detach", "-c deadlock_timeout=100ms"));
        using var saver = new PostgresStore(Named(connectionString, "save", null));

        // A third transaction holds plot 0's row, so that the detach and the save pass both come to it before either is
        // done: the detach waits for it first (its first row), then the save pass.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using NpgsqlTransaction held = await holder.BeginTransactionAsync();
        await using var observer = new NpgsqlConnection(connectionString); // outside a transaction: one caches pg_stat_activity
        await observer.OpenAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM plots WHERE owner = 'alice' AND number = 0 FOR UPDATE", holder, held))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        Task<IReadOnlyDictionary<(string Owner, int Number), long>?> detach =
            detacher.StoreAsync(null, [("alice", 0, "token-a"), ("alice", 1, "token-b")], StreamSettings.WithoutToken);
        await WaitingForALockAsync(observer, "detach");

        // The save pass is handed the plots in the other order. Copies older than the rows (a slower node's): written or
        // not, they lock the rows, and what the rows end with is the detach's work. In the old order it upserted plot 1
        // (taking its row) and then waited for plot 0's.
        Task save = saver.SaveAsync([Plot(1, version: 3, "token-b"), Plot(0, version: 3, "token-a")], []);
        await WaitingForALockAsync(observer, "save");

        await held.CommitAsync(); // plot 0's row goes to the detach, which then needs plot 1's

        IReadOnlyDictionary<(string Owner, int Number), long>? versions = await detach; // threw 40P01 (deadlock detected) before
        await save;
        Assert.Equal(new Dictionary<(string, int), long> { [("alice", 0)] = 5, [("alice", 1)] = 5 }, versions);
        foreach (int number in new[] { 0, 1 })
        {
            PlotRow row = setup.ReadPlotRow("alice", number)!;
            Assert.DoesNotContain("token", (string)row.DataJson);
            Assert.Equal<object>(5L, row.Version);
        }
    }

    private static StoredPlot Plot(int number, long version, string token) =>
        new("alice", number, $"f-{number}", $"[{{\"y\":[{version}],\"stream\":{{\"token\":\"{token}\"}}}}]", "{}", version);

    // The detach stays blocked through both waits below and the save pass's start: on a loaded machine that passed the
    // address's 10 s command timeout (PostgresAddress.CommandTimeoutSeconds) and failed as a timeout, not on the lock
    // order. Npgsql's own setting, past both waits' bounds, so a wait that never ends fails as that wait.
    private const int BlockedCommandTimeoutSeconds = 3 * WaitSeconds;

    private const int WaitSeconds = 20;

    private static string Named(string connectionString, string name, string? options) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name, Options = options, CommandTimeout = BlockedCommandTimeoutSeconds }.ConnectionString;

    // Observed in PostgreSQL itself, not guessed from time: the named connection is blocked on a lock.
    private static Task WaitingForALockAsync(NpgsqlConnection observer, string name) =>
        Eventually.TrueAsync(async () =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock'", observer);
            command.Parameters.AddWithValue("name", name);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, $"the {name} connection waiting for a row lock", WaitSeconds);
}
