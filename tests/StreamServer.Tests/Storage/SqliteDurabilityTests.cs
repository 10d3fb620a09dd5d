using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>What an acknowledged save is worth on SQLite: every commit (the saver's each second, /clientresp's before
/// its answer) is synced to disk before it returns, so an OS crash or power loss cannot roll it back. With WAL and
/// synchronous=NORMAL, SQLite syncs only at checkpoints, and the last commits before a power loss can vanish.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void EveryCommitIsSyncedToDiskBeforeItReturns()
    {
        using var store = new SqliteStore(StoredDatabase.PathIn(_data));

        // Both are per connection: asked on the store's own, the one every save goes through.
        Assert.Equal("wal", store.PragmaValue("journal_mode"));
        Assert.Equal(2L, store.PragmaValue("synchronous")); // 2 = FULL: the WAL is synced at each commit (NORMAL is 1)
    }
}
