using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>What every <see cref="IPlotStore"/> guarantees, run on each of them: SQLite (the default) and PostgreSQL
/// (<c>--store postgres://...</c>), so the server behaves the same whichever keeps its plots.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    protected IPlotStore Store { get; private set; } = null!;

    protected abstract Task<IPlotStore> OpenAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public virtual Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void UsersAreCreatedAndGivenNewKeyHashes()
    {
        Store.SaveUser("alice", "hash-1");
        Store.SaveUser("bob", "hash-2");
        Store.SaveUser("alice", "hash-3");

        var skipped = new List<string>();
        Assert.Equal([new StoredUser("alice", "hash-3"), new StoredUser("bob", "hash-2")], Store.LoadUsers(skipped).OrderBy(user => user.Name));
        Assert.Empty(skipped);
    }

    // Two nodes of a cluster starting on an empty store each make a demo key and store it once they listen: the later one
    // replaced the earlier's, whose key that node had printed. Added only if absent, the first key stays.
    [Fact]
    public void AUserIsAddedOnlyIfNoneOfThatNameIsStored()
    {
        Assert.True(Store.AddUser("demo", "hash-1"));
        Assert.False(Store.AddUser("demo", "hash-2"));

        Assert.Equal([new StoredUser("demo", "hash-1")], Store.LoadUsers([]));
    }

    [Fact]
    public async Task PlotsComeBackAsWrittenInOwnerAndNumberOrder()
    {
        await Store.SavePlotsAsync([Plot("bob", 0, version: 1), Plot("alice", 1, version: 2), Plot("alice", 0, version: 3)]);

        List<PlotRow> rows = Store.ReadPlotRows();

        Assert.Equal(["alice/0", "alice/1", "bob/0"], rows.Select(row => $"{row.Owner}/{row.Number}"));
        PlotRow first = rows[0];
        // The types PlotLoader reads a row in: text, and integers as long (SQLite's one integer type).
        Assert.Equal(("alice", 0L, "f-alice-0", "[{\"y\":[3]}]", "{\"title\":\"v3\"}", 3L),
            (Assert.IsType<string>(first.Owner), Assert.IsType<long>(first.Number), Assert.IsType<string>(first.Filename),
                Assert.IsType<string>(first.DataJson), Assert.IsType<string>(first.LayoutJson), Assert.IsType<long>(first.Version)));
    }

    [Fact]
    public async Task AWholeCopyReplacesOnlyAnOlderOne()
    {
        await Store.SavePlotsAsync([Plot("alice", 0, version: 5)]);
        await Store.SavePlotsAsync([Plot("alice", 0, version: 3)]); // a slower writer with an older copy
        Assert.Equal<object>(5L, Store.ReadPlotRows().Single().Version);

        await Store.SavePlotsAsync([Plot("alice", 0, version: 7)]);
        Assert.Equal("[{\"y\":[7]}]", Store.ReadPlotRows().Single().DataJson);
    }

    [Fact]
    public async Task StreamedObjectsAfterTheCopyAreKeptInOrderAndACopyDropsThoseItIncludes()
    {
        await Store.SaveAsync([Plot("alice", 0, version: 2)], [Append("alice", 0, 4), Append("alice", 0, 3), Append("alice", 0, 1)]);

        Assert.Equal([3L, 4L], Store.ReadAppends("alice", 0, afterVersion: 2).Select(append => append.Version)); // 1 was in the copy already
        Assert.Equal("{\"y\":4}", Store.ReadAppends("alice", 0, afterVersion: 3).Single().Append!.ObjectJson);

        await Store.SaveAsync([Plot("alice", 0, version: 3)], [Append("alice", 0, 3), Append("alice", 0, 5)]);

        Assert.Equal([4L, 5L], Store.ReadAppends("alice", 0, afterVersion: 0).Select(append => append.Version));
        Assert.Empty(Store.ReadAppends("bob", 0, afterVersion: 0));
    }

    [Fact]
    public async Task StreamedObjectsComeBackByteForByteWhateverTheirTextAndPlot()
    {
        // Quotes, backslashes, escapes, non-ASCII text and number spellings as streamed: the store keeps the text, not a
        // re-encoding of it; objects of several plots in one batch each land on their own plot.
        string[] objects =
        [
            """{"x":"2026-12-04 10:00:00.1","y":1.10,"text":"say \"hi\" \\ \u00e9 é 心 😀 \n"}""",
            """{"y":1e3,"marker":{"color":"#f00"}}""",
            """{"y":-0.0}""",
        ];
        await Store.SaveAsync(
            [Plot("alice", 0, version: 1), Plot("alice", 1, version: 1)],
            [new("alice", 0, 2, "[0]", objects[0]), new("alice", 1, 2, "[0,1]", objects[1]), new("alice", 0, 3, "[1]", objects[2])]);

        var ofPlot0 = Store.ReadAppends("alice", 0, afterVersion: 1).Select(append => append.Append!).ToList();
        Assert.Equal([objects[0], objects[2]], ofPlot0.Select(append => append.ObjectJson));
        Assert.Equal(["[0]", "[1]"], ofPlot0.Select(append => append.TracesJson));
        StoredAppend ofPlot1 = Store.ReadAppends("alice", 1, afterVersion: 1).Single().Append!;
        Assert.Equal((objects[1], "[0,1]"), (ofPlot1.ObjectJson, ofPlot1.TracesJson));
    }

    [Fact]
    public async Task ASecondOfLargeObjectsIsSavedWhole()
    {
        // Large streamed values (a replaced column) make a batch of megabytes: every object comes back, in order.
        string Large(long version) => $"{{\"y\":[{string.Join(",", Enumerable.Repeat(version, 20_000))}]}}";
        await Store.SaveAsync([Plot("alice", 0, version: 1)], [.. Enumerable.Range(2, 6).Select(v => new StoredAppend("alice", 0, v, "[0]", Large(v)))]);

        var saved = Store.ReadAppends("alice", 0, afterVersion: 1).Select(append => append.Append!).ToList();
        Assert.Equal(Enumerable.Range(2, 6).Select(v => (long)v), saved.Select(append => append.Version));
        Assert.All(saved, append => Assert.Equal(Large(append.Version), append.ObjectJson));
    }

    [Fact]
    public async Task ASaveThatFailsWritesNothing()
    {
        StoredPlot broken = Plot("alice", 1, version: 1) with { Filename = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync([Plot("alice", 0, version: 1), broken], [Append("alice", 0, 2)]));

        Assert.Empty(Store.ReadPlotRows());
        Assert.Empty(Store.ReadAppends("alice", 0, afterVersion: 0));
    }

    [Fact]
    public async Task AQuarantinedPlotLeavesWithItsStreamedObjectsAndTheOthersStay()
    {
        await Store.SaveAsync([Plot("alice", 0, version: 1), Plot("alice", 1, version: 1)], [Append("alice", 0, 2), Append("alice", 1, 2)]);
        PlotRow bad = Store.ReadPlotRows().Single(row => row.Number is 0L);

        Store.QuarantinePlot(bad.RowId, "unreadable");

        Assert.Equal<object>([1L], Store.ReadPlotRows().Select(row => row.Number));
        Assert.Empty(Store.ReadAppends("alice", 0, afterVersion: 0));
        Assert.Single(Store.ReadAppends("alice", 1, afterVersion: 0));
    }

    [Fact]
    public async Task AQuarantinedStreamedObjectLeavesAndTheOthersStay()
    {
        await Store.SaveAsync([Plot("alice", 0, version: 1)], [Append("alice", 0, 2), Append("alice", 0, 3), Append("alice", 0, 4)]);

        Store.QuarantineAppend("alice", 0, 3, "cannot be replayed");

        Assert.Equal([2L, 4L], Store.ReadAppends("alice", 0, afterVersion: 1).Select(append => append.Version));
    }

    [Fact]
    public async Task ADeletedPlotKeepsOnlyItsNumberAndNoLaterSavePutsItBack()
    {
        await Store.SaveAsync([Plot("alice", 0, version: 3), Plot("alice", 1, version: 3)], [Append("alice", 0, 4), Append("alice", 1, 4)]);

        await Store.DeletePlotAsync("alice", 0, "f-alice-0", CancellationToken.None);
        // A builder's save that comes after the delete (a pass under way on another node): newer, and still not written.
        await Store.SaveAsync([Plot("alice", 0, version: 9)], [Append("alice", 0, 10)]);
        await Store.SaveAsync([], [Append("alice", 0, 11)]);
        await Store.DeletePlotAsync("alice", 0, "f-alice-0", CancellationToken.None); // asked twice: nothing changes
        await Store.DeletePlotAsync("alice", 2, "never saved", CancellationToken.None); // a plot deleted before its first save

        List<PlotRow> rows = Store.ReadPlotRows();
        Assert.Equal(["alice/0 deleted", "alice/1", "alice/2 deleted"], rows.Select(row => $"{row.Owner}/{row.Number}{(row.Deleted ? " deleted" : "")}"));
        Assert.Equal(("[]", "{}"), ((string)rows[0].DataJson, (string)rows[0].LayoutJson));
        Assert.Empty(Store.ReadAppends("alice", 0, afterVersion: 0));
        Assert.Equal([4L], Store.ReadAppends("alice", 1, afterVersion: 3).Select(append => append.Version)); // the other plot is untouched
        Assert.True(Store.ReadPlotRow("alice", 2)!.Deleted);
    }

    private static StoredPlot Plot(string owner, int number, long version) =>
        new(owner, number, $"f-{owner}-{number}", $"[{{\"y\":[{version}]}}]", $"{{\"title\":\"v{version}\"}}", version);

    private static StoredAppend Append(string owner, int number, long version) => new(owner, number, version, "[0]", $"{{\"y\":{version}}}");
}

/// <summary>The contract on the default store, an SQLite file.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _folder = TestServer.NewDataDirectory();

    protected override Task<IPlotStore> OpenAsync() => Task.FromResult<IPlotStore>(new SqliteStore(Path.Combine(_folder, "streams.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The contract on PostgreSQL: a database of its own in the test run's throwaway cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresServer postgres) : StoreContractTests
{
    protected override async Task<IPlotStore> OpenAsync() => new PostgresStore(PostgresAddress.Parse(await postgres.NewDatabaseAsync()).ConnectionString);
}
