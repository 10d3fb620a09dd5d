using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Streamed objects waiting for the saver are bounded, in number and in bytes: past the bound a plot that streams
/// is kept for a whole save instead, so memory stays bounded while the database does not take saves (the review saw the
/// queue grow from 40 to 6,672 objects in 90 s without end), and nothing is lost once it does. Here the saver does not
/// run until the end, which is what the queue sees while a pass waits on a database that does not answer
/// (<see cref="HungDatabaseTests"/> hangs a real one); the real SQLite file then keeps what the plots hold.</summary>
public sealed class QueueBoundTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task PastTheBoundInObjectsAPlotThatStreamsIsKeptWholeAndNothingIsLost()
    {
        using var store = new SqliteStore(StoredDatabase.PathIn(_data));
        var persister = new WriteBehindPersister(store);
        using var registry = new PlotRegistry(throttleMilliseconds: 0, persister);
        Plot first = registry.Save("alice", Definition("first")).Plot;
        Plot second = registry.Save("alice", Definition("second")).Plot;
        await persister.SaveNowAsync([first, second]);

        for (int i = 0; i < WriteBehindPersister.MaximumQueuedObjects; i++)
        {
            first.ApplyStreamObject([0], new JsonObject { ["x"] = i, ["y"] = i % 100 });
        }

        Assert.Equal(WriteBehindPersister.MaximumQueuedObjects, persister.QueuedObjects);
        Assert.Equal(1, persister.PendingPlots);

        // Past the bound: these are not queued; the second plot is kept for a whole save instead.
        for (int i = 0; i < 10; i++)
        {
            second.ApplyStreamObject([0], new JsonObject { ["x"] = i, ["y"] = 50 + i });
        }

        Assert.Equal(WriteBehindPersister.MaximumQueuedObjects, persister.QueuedObjects);
        Assert.Equal(2, persister.PendingPlots);

        await persister.FlushAsync();
        Assert.Equal(0, persister.QueuedObjects);
        Assert.Equal("ok", persister.Health.Snapshot(0).State);
        await persister.DisposeAsync();
        AssertStoredAsInMemory(store, first, second);
    }

    [Fact]
    public async Task PastTheBoundInBytesAPlotThatStreamsIsKeptWholeAndNothingIsLost()
    {
        using var store = new SqliteStore(StoredDatabase.PathIn(_data));
        var persister = new WriteBehindPersister(store);
        using var registry = new PlotRegistry(throttleMilliseconds: 0, persister);
        Plot plot = registry.Save("alice", Definition("labels")).Plot;
        await persister.SaveNowAsync([plot]);

        // Labels of about 4 KB (the most a point may be), more than the bound holds.
        int count = (int)(WriteBehindPersister.MaximumQueuedBytes / 4_000) + 100;
        for (int i = 0; i < count; i++)
        {
            plot.ApplyStreamObject([0], new JsonObject { ["x"] = i, ["text"] = $"{i:D6}" + new string('t', 3_990) });
        }

        Assert.InRange(persister.QueuedBytes, WriteBehindPersister.MaximumQueuedBytes - 8_000, WriteBehindPersister.MaximumQueuedBytes);
        Assert.InRange(persister.QueuedObjects, 1, count - 100);
        Assert.Equal(1, persister.PendingPlots);

        await persister.FlushAsync();
        Assert.Equal((0, 0L), (persister.QueuedObjects, persister.QueuedBytes));
        await persister.DisposeAsync();
        AssertStoredAsInMemory(store, plot);
    }

    // What a restart would load (the whole copy with its streamed objects replayed) is what each plot holds now.
    private static void AssertStoredAsInMemory(IPlotStore store, params Plot[] plots)
    {
        var persister = new WriteBehindPersister(store);
        using var reloaded = new PlotRegistry(throttleMilliseconds: 0, persister);
        Assert.Empty(PlotLoader.Load(store, reloaded, persister, NullLogger.Instance));
        foreach (Plot plot in plots)
        {
            Assert.Equal(plot.ToStored().DataJson, reloaded.Find(plot.Owner, plot.Number)!.ToStored().DataJson);
        }
    }

    private static PlotDefinition Definition(string filename) =>
        new(filename, FileOption.New, new JsonArray(new JsonObject { ["x"] = new JsonArray(), ["y"] = new JsonArray(), ["text"] = new JsonArray() }), []);
}
