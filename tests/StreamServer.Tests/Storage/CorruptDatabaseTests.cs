using HeartRateStreamer.StreamServer.Values;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 5: a damaged database never crash-loops. A bad row is quarantined and the other plots
/// load; a file that cannot be read at all stops the start with one line naming it and a distinct exit code.</summary>
public sealed class CorruptDatabaseTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ARowOfBadJsonIsQuarantinedAndTheOtherPlotsLoad()
    {
        (string good, string bad) = await TwoPlotsWithPointsAsync();
        StoredDatabase.Execute(_data, "UPDATE plots SET data_json = '[{\"x\":[1,2' WHERE number = 1");

        await AssertQuarantinedAndOthersServedAsync(bad, good, "data: it is not valid JSON");
        Assert.Equal("[{\"x\":[1,2", StoredDatabase.Scalar(_data, "SELECT data_json FROM quarantined_plots WHERE owner = 'alice' AND number = 1"));
    }

    [Fact]
    public async Task ANullColumnIsQuarantinedAndTheOtherPlotsLoad()
    {
        (string good, string bad) = await TwoPlotsWithPointsAsync();
        // NOT NULL holds in our schema; a damaged or hand-edited table need not have it.
        StoredDatabase.Execute(_data, """
            CREATE TABLE loose AS SELECT * FROM plots; DROP TABLE plots;
            CREATE TABLE plots (owner, number, filename, data_json, layout_json, version, deleted_at, PRIMARY KEY (owner, number));
            INSERT INTO plots SELECT * FROM loose; DROP TABLE loose;
            UPDATE plots SET layout_json = NULL WHERE number = 1;
            """);

        await AssertQuarantinedAndOthersServedAsync(bad, good, "layout_json is NULL");
    }

    [Fact]
    public async Task AStreamedObjectThatCannotBeReplayedIsQuarantinedAndItsPlotLoadsWithoutIt()
    {
        (string plot, _) = await TwoPlotsWithPointsAsync();
        long version = (long)StoredDatabase.Scalar(_data, "SELECT max(version) FROM plot_appends WHERE number = 0")!;
        StoredDatabase.Execute(_data, $"UPDATE plot_appends SET object_json = '{{\"x\":' WHERE number = 0 AND version = {version}");

        await using (TestServer server = await TestServer.StartAsync(dataDirectory: _data))
        {
            Assert.Contains(server.Host.Quarantined, line => line.Contains($"{plot} (version {version})", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(1, 9), (await server.FirstTraceAsync(plot))["x"]!.AsArray().Select(x => (int)x!));
        }

        Assert.Equal(1L, StoredDatabase.Scalar(_data, "SELECT count(*) FROM quarantined_appends"));
        await using TestServer again = await TestServer.StartAsync(dataDirectory: _data);
        Assert.Empty(again.Host.Quarantined);
    }

    [Fact]
    public async Task ABadHeaderStopsTheStartWithOneLineNamingTheFileAndExitCode4()
    {
        await TwoPlotsWithPointsAsync();
        string database = StoredDatabase.PathIn(_data);
        byte[] bytes = await File.ReadAllBytesAsync(database);
        "not a database!!"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(database, bytes);

        StartupException refused = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(dataDirectory: _data));
        Assert.Equal(ExitCodes.DatabaseUnusable, refused.ExitCode);
        Assert.Contains(database, refused.Message, StringComparison.Ordinal);
        Assert.Contains("not an SQLite database", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);

        await AssertStartsAfterMovingTheFileAsideAsync(database);
    }

    [Fact]
    public async Task ATruncatedFileStopsTheStartWithOneLineAndExitCode4()
    {
        await TwoPlotsWithPointsAsync(padding: 20_000);
        string database = StoredDatabase.PathIn(_data);
        long length = new FileInfo(database).Length;
        Assert.True(length > 64 * 1024, $"the database spans many pages ({length} bytes)");
        using (FileStream file = File.OpenWrite(database))
        {
            file.SetLength(length / 2 / 4096 * 4096);
        }

        StartupException refused = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(dataDirectory: _data));
        Assert.Equal(ExitCodes.DatabaseUnusable, refused.ExitCode);
        Assert.Contains(database, refused.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);

        await AssertStartsAfterMovingTheFileAsideAsync(database);
    }

    [Fact]
    public async Task ASecondServerOnTheSameDataFolderIsRefusedWithExitCode4AndTheFirstKeepsServing()
    {
        TestServer first = await TestServer.StartAsync(dataDirectory: _data);
        string plot, madeAfter;
        try
        {
            plot = await first.CreatePlotAsync("first-stream-token", filename: "made before");

            StartupException refused = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(dataDirectory: _data));
            Assert.Equal(ExitCodes.DatabaseUnusable, refused.ExitCode);
            Assert.Contains("in use by another stream server", refused.Message, StringComparison.Ordinal);

            // The refused start took nothing from the first: its database still takes writes (a plot is saved before
            // /clientresp answers), which a read from memory would not show.
            madeAfter = await first.CreatePlotAsync("second-stream-token", filename: "made after the refusal");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using TestServer again = await TestServer.StartAsync(dataDirectory: _data);
        Assert.Equal("made before", (string?)(await again.FigureAsync(plot))["filename"]);
        Assert.Equal("made after the refusal", (string?)(await again.FigureAsync(madeAfter))["filename"]);
    }

    private async Task<(string First, string Second)> TwoPlotsWithPointsAsync(int padding = 0)
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, _data);
        // Owner paths (/~alice/0): the quarantine and the log name plots by them.
        string first = await server.OwnerPathAsync(await server.CreatePlotAsync("first-stream-token", "first-stream-token"));
        string second = await server.OwnerPathAsync(await server.CreatePlotAsync("second-stream-token", "second-stream-token"));
        // A point may hold at most ValueLimits.MaxPointBytes: padding beyond that is spread over more points.
        int perPoint = Math.Min(padding, ValueLimits.MaxPointBytes - 100);
        int count = perPoint == 0 ? 10 : 10 * (int)Math.Ceiling(padding / (double)perPoint);
        string text = new('p', perPoint);
        foreach (string token in new[] { "first-stream-token", "second-stream-token" })
        {
            string points = string.Concat(Enumerable.Range(1, count).Select(i => $"{{\"x\":{i},\"y\":{i},\"text\":\"{text}\"}}\n"));
            Assert.Equal(200, (await server.ExchangeAsync(StreamHead(token) + Chunk(points) + "0\r\n\r\n")).Status);
        }

        return (first, second);
    }

    private async Task AssertQuarantinedAndOthersServedAsync(string bad, string good, string reason)
    {
        await using (TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, _data))
        {
            string line = Assert.Single(server.Host.Quarantined);
            Assert.Contains(bad, line, StringComparison.Ordinal);
            Assert.Contains(reason, line, StringComparison.Ordinal);
            Assert.Equal(10, (await server.FirstTraceAsync(good))["x"]!.AsArray().Count);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Http.GetAsync(bad + ".json")).StatusCode);

            // Still a working server: the good plot streams, new plots are made.
            Assert.Equal(200, (await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: first-stream-token\r\n\r\n" + Chunk("{\"x\":11,\"y\":0}\n") + "0\r\n\r\n")).Status);
            // A new plot does not take the quarantined plot's number (its old link).
            Assert.NotEqual(bad, await server.OwnerPathAsync(await server.CreatePlotAsync("third-stream-token", "third-stream-token")));
        }

        Assert.Equal(reason, ((string)StoredDatabase.Scalar(_data, "SELECT reason FROM quarantined_plots")!)[..reason.Length]);

        // Restartable: the quarantined row is out of the way, the rest (with the new point) is back.
        await using TestServer again = await TestServer.StartAsync(dataDirectory: _data);
        Assert.Empty(again.Host.Quarantined);
        JsonObject figure = await again.FigureAsync(good);
        Assert.Equal(11, (int)figure["data"]![0]!["x"]![10]!);
    }

    private async Task AssertStartsAfterMovingTheFileAsideAsync(string database)
    {
        File.Move(database, database + ".damaged");
        foreach (string sidecar in new[] { "-wal", "-shm" }.Select(suffix => database + suffix).Where(File.Exists))
        {
            File.Delete(sidecar);
        }

        await using TestServer server = await TestServer.StartAsync(dataDirectory: _data);
        await server.CreatePlotAsync("fresh-stream-token");
    }
}
