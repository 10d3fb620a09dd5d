using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Cluster;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;
using Xunit.Abstractions;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>The saver when PostgreSQL hangs (the review's case: the database behind a proxy that stopped passing
/// anything): a pass costs one try of the batch and one probe, not a try per plot; /clientresp answers its JSON 503
/// within its deadline; a stop ends within its deadline and says what it could not save; and once the database answers
/// again everything kept is saved. The database is the tests' real PostgreSQL behind <see cref="StallingProxy"/>.
/// Waits are by events (the proxy saw the saver's batch) with generous bounds; the times are printed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HungDatabaseTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private StallingProxy _proxy = null!;
    private string _direct = "";
    private string _proxied = "";

    public async Task InitializeAsync()
    {
        _direct = await postgres.NewDatabaseAsync();
        _proxy = StallingProxy.To(postgres.Port);
        _proxied = _direct.Replace($"@127.0.0.1:{postgres.Port}/", $"@127.0.0.1:{_proxy.Port}/", StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task APassAgainstAHungDatabaseTriesTheBatchAndOneProbeNotEachPlotAndLosesNothing()
    {
        using SavedPlots saved = await SavedPlots.ThroughAsync(_proxied, 8);
        (WriteBehindPersister persister, List<Plot> plots) = (saved.Persister, saved.Plots);
        for (int i = 0; i < plots.Count; i++)
        {
            Assert.Equal(StreamedResult.Applied, plots[i].ApplyStreamObject([0], new JsonObject { ["x"] = 1, ["y"] = 60 + i }));
        }

        _proxy.Stall();
        int connectionsBefore = _proxy.Connections;
        var clock = Stopwatch.StartNew();
        await persister.FlushAsync().WaitAsync(TimeSpan.FromMinutes(4)); // the bound only ends a hang; it times nothing
        output.WriteLine($"one pass against the hung database: {clock.Elapsed.TotalSeconds:F1} s, {_proxy.Connections - connectionsBefore} new connection(s)");

        // One failure for the pass, not one per plot; the batch's connection (Npgsql opens more to cancel its query) and
        // the probe's, not one per plot (the review's pass took more than 90 s; here, before, 120 s for 4 plots).
        Assert.Equal(1, persister.Health.Snapshot(0).Failures);
        Assert.InRange(_proxy.Connections - connectionsBefore, 1, plots.Count - 1);
        Assert.Equal(plots.Count, persister.PendingPlots); // each kept, to be saved whole

        _proxy.Resume();
        await persister.FlushAsync();

        Assert.Equal("ok", persister.Health.Snapshot(0).State);
        Assert.Equal(0, persister.PendingPlots);
        using var direct = new PostgresStore(PostgresAddress.Parse(_direct).ConnectionString);
        Assert.Equal(plots.Select((_, i) => $"[{60 + i}]"), direct.ReadPlotRows().Select(row => JsonNode.Parse((string)row.DataJson!)![0]!["y"]!.ToJsonString()));
        await persister.DisposeAsync();
    }

    // /healthz's pendingPlots is what operators and the cluster tests read as "everything is in the store". A pass took its
    // plots' marks out before writing them, so while the write waited on the database it read 0: a test that then read
    // the store missed the newest point (ClusterStoredDataTests, once in CI). The plots now stay pending until it ends.
    [Fact]
    public async Task PlotsBeingWrittenStayPendingUntilTheDatabaseHasThem()
    {
        using SavedPlots saved = await SavedPlots.ThroughAsync(_proxied, 3);
        (WriteBehindPersister persister, List<Plot> plots) = (saved.Persister, saved.Plots);
        Assert.Equal(StreamedResult.Applied, plots[0].ApplyStreamObject([0], new JsonObject { ["x"] = 1, ["y"] = 60 }));
        persister.Changed(plots[1], plots[1].Version);

        _proxy.Stall();
        Task pass = persister.FlushAsync();
        await _proxy.HeldAsync(); // the pass's write reached the database, which does not answer

        Assert.Equal(2, persister.PendingPlots);
        _proxy.Resume();
        await pass.WaitAsync(TimeSpan.FromMinutes(4)); // the bound only ends a hang; it times nothing
        Assert.Equal(0, persister.PendingPlots);
        await persister.DisposeAsync();
    }

    [Fact]
    public async Task ClientRespAnswers503WithinItsDeadlineWhileAPassHangsAndThePlotIsSavedOnceTheDatabaseAnswers()
    {
        await using TestServer server = await TestServer.StartAsync(o => { o.Store = _proxied; o.ThrottleMilliseconds = 0; o.PersistIntervalMilliseconds = 50; });
        await server.CreatePlotAsync("hung-first-token", "first");
        _proxy.Stall();
        // A point for the saver: its next pass sends it, and waits on the hung database.
        Assert.Equal(200, (await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: hung-first-token\r\n\r\n"
            + Chunk("{\"x\":1,\"y\":72}\n") + "0\r\n\r\n")).Status);
        await _proxy.HeldAsync();

        var clock = Stopwatch.StartNew();
        using var form = new StringContent($$$"""un={{{TestServer.Alice}}}&key={{{TestServer.AliceKey}}}&args=[{"x":[],"y":[],"stream":{"token":"hung-second-token"}}]&kwargs={"filename":"second"}""");
        using HttpResponseMessage response = await server.Http.PostAsync("/clientresp", form); // the client gives up after 30 s
        output.WriteLine($"/clientresp answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");

        // Answered while the saver's pass still waits on the database (it has counted no failure yet), not after it.
        long failures = (long)JsonNode.Parse(await server.Http.GetStringAsync("/healthz"))!["persistence"]!["failures"]!;
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(0, failures);
        string error = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.StartsWith("internal database error", error, StringComparison.Ordinal);
        Assert.Contains("did not answer", error, StringComparison.Ordinal);

        _proxy.Resume();
        using var direct = new PostgresStore(PostgresAddress.Parse(_direct).ConnectionString);
        await Eventually.TrueAsync(() => Task.FromResult(direct.ReadPlotRows().Count == 2), "both plots stored once the database answers", timeoutSeconds: 90);
        PlotRow first = direct.ReadPlotRows().Single(row => (string)row.Filename! == "first");
        await Eventually.TrueAsync(() => Task.FromResult(JsonNode.Parse((string)direct.ReadPlotRow("alice", 0)!.DataJson!)![0]!["y"]!.ToJsonString() == "[72]"
            || direct.ReadAppends("alice", 0, (long)first.Version!).Count == 1), "the point streamed while the database hung is stored", timeoutSeconds: 90);
    }

    // In a cluster /clientresp also reserves the plot's number and stores its row in PostgreSQL before its save, each bounded
    // only by Npgsql's timeouts (about 20 s on a hung server): the device (NetworkTimeouts.PlotAnswerMilliseconds, 20 s) gave up
    // before the 503 came. Then, once the database answers, the device's retry makes the plot, once.
    [Fact]
    public async Task ClientRespOnAClusterNodeAnswers503WithinItsDeadlineWhileTheDatabaseHangsAndItsRetryMakesThePlotOnce()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using TestServer node = await ClusterTestDevice.StartNodeAsync(_proxied, redis);
        await node.CreatePlotAsync("hung-cluster-first", "first");
        string form = SecondPlotForm("hung-cluster-second");
        _proxy.Stall();
        var clock = Stopwatch.StartNew();
        string error;
        try
        {
            error = await DeadlineAnswerAsync(PostFormAsync(node, form), clock);
        }
        finally
        {
            _proxy.Resume();
        }

        Assert.Contains("no plot was made or changed", error, StringComparison.Ordinal);

        // The device's retry, as the 503 says: one plot "second", beside "first", whatever the hung request left behind.
        Assert.Equal(200, (int)(await PostFormAsync(node, form)).StatusCode);

        using var direct = new PostgresStore(PostgresAddress.Parse(_direct).ConnectionString);
        await Eventually.TrueAsync(() => Task.FromResult(direct.ReadPlotRows().Count(row => (string)row.Filename! == "second") == 1), "the retried plot stored");
        Assert.Equal(["first", "second"], direct.ReadPlotRows().Select(row => (string)row.Filename!).Order());
    }

    // The deadline reached after the number was reserved, while the plot's row waits on the database (here on row locks a
    // transaction holds, in the real PostgreSQL: the number's for 5 s, then the row of the plot whose token the new plot
    // takes): the 503 says the plot is not stored yet and that this node keeps it; the store step is not cancelled, and once
    // the locks go the plot is stored (and its token leaves the old plot) as if the answer had waited. Before, the answer
    // came when Npgsql gave up the locked row: the number's 6 s (as the test held it then) and the row's 10 s.
    [Fact]
    public async Task ClientRespOnAClusterNodeAnswers503AtItsDeadlineWhileThePlotsRowWaitsAndStoresThePlotOnceTheDatabaseAnswers()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using TestServer node = await ClusterTestDevice.StartNodeAsync(_direct, redis);
        await node.CreatePlotAsync("locked-first-token", "first");
        string form = SecondPlotForm("locked-first-token");

        await using var numbers = new NpgsqlConnection(PostgresAddress.Parse(_direct).ConnectionString);
        await using var rows = new NpgsqlConnection(PostgresAddress.Parse(_direct).ConnectionString);
        await numbers.OpenAsync();
        await rows.OpenAsync();
        await using NpgsqlTransaction numbersHeld = await numbers.BeginTransactionAsync();
        await using NpgsqlTransaction rowsHeld = await rows.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT next FROM plot_numbers WHERE owner = 'alice' FOR UPDATE", numbers, numbersHeld).ExecuteScalarAsync();
        await new NpgsqlCommand("SELECT version FROM plots WHERE owner = 'alice' AND filename = 'first' FOR UPDATE", rows, rowsHeld).ExecuteScalarAsync();

        var clock = Stopwatch.StartNew();
        Task<HttpResponseMessage> answering = PostFormAsync(node, form);
        await Eventually.TrueAsync(() => WaitsOnALockAsync("plot_numbers"), "the number's reservation waits on its row");
        await Task.Delay(TimeSpan.FromSeconds(5)); // the row's wait then starts at half the deadline, with room for a busy machine
        await numbersHeld.CommitAsync();
        await Eventually.TrueAsync(() => WaitsOnALockAsync("FOR UPDATE"), "the new plot's row waits on the first plot's row");

        string error = await DeadlineAnswerAsync(answering, clock);
        Assert.Contains("so the plot 'second' is not stored yet. This server keeps it", error, StringComparison.Ordinal);

        // The device's retry while that insert still waits is told to try again, and changes nothing: replacing the plot
        // would write its row first, and the waiting insert would then find its number taken and drop the plot.
        using (HttpResponseMessage early = await PostFormAsync(node, form))
        {
            Assert.Equal(503, (int)early.StatusCode);
            Assert.Contains("the plot 'second' is still being stored for an earlier request", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The locks go: the plot's store step goes on as it would have, and the token leaves the first plot's row.
        await rowsHeld.CommitAsync();
        using var direct = new PostgresStore(PostgresAddress.Parse(_direct).ConnectionString);
        await Eventually.TrueAsync(() => Task.FromResult(direct.ReadPlotRows().Any(row => (string)row.Filename! == "second")), "the plot stored once the database answers");
        Assert.DoesNotContain("locked-first-token", (string)direct.ReadPlotRows().Single(row => (string)row.Filename! == "first").DataJson!, StringComparison.Ordinal);

        // The device's retry, as the 503 says, replaces it: one plot "second".
        Assert.Equal(200, (int)(await PostFormAsync(node, form)).StatusCode);

        Assert.Equal(["first", "second"], direct.ReadPlotRows().Select(row => (string)row.Filename!).Order());
    }

    // A plot "second" fed by the token, sent as the 503 says to send it again.
    private static string SecondPlotForm(string token) =>
        $$$"""un={{{TestServer.Alice}}}&key={{{TestServer.AliceKey}}}&args=[{"x":[],"y":[],"stream":{"token":"{{{token}}}"}}]&kwargs={"filename":"second","fileopt":"overwrite"}""";

    private static async Task<HttpResponseMessage> PostFormAsync(TestServer node, string form)
    {
        using var content = new StringContent(form);
        return await node.Http.PostAsync("/clientresp", content); // the client gives up after 30 s
    }

    // /clientresp's answer on a cluster node while the database does not answer: its 503 in time (the device waits 20 s: by
    // the deadline, with room to cross the network), saying why and how to try again. Returns the detail.
    private async Task<string> DeadlineAnswerAsync(Task<HttpResponseMessage> answering, Stopwatch clock)
    {
        using HttpResponseMessage response = await answering;
        output.WriteLine($"/clientresp on a cluster node answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, WriteBehindPersister.SaveNowTimeout + TimeSpan.FromSeconds(5));
        Assert.Equal(503, (int)response.StatusCode);
        string error = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.StartsWith($"internal database error: the database did not answer within {WriteBehindPersister.SaveNowTimeout.TotalSeconds:0} s", error, StringComparison.Ordinal);
        Assert.Contains("try again in a moment (with fileopt \"overwrite\"", error, StringComparison.Ordinal);
        return error;
    }

    // Whether a statement of the test's database that contains <paramref name="text"/> waits on a row lock.
    private async Task<bool> WaitsOnALockAsync(string text)
    {
        await using var connection = new NpgsqlConnection(PostgresAddress.Parse(_direct).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            + "AND position(@text in query) > 0 AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("text", text);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    // A cluster node's stop also flushes before it gives its plots up, and lets its plots' last steps end (a takeover
    // reads the store): before, neither waited under the deadline, and a node took 40 s and more to stop.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStopWhileTheDatabaseHangsEndsWithinItsDeadlineAndSaysWhatWasNotSaved(bool cluster)
    {
        string data = TestServer.NewDataDirectory();
        await using RedisServer? redis = cluster ? await RedisServer.StartNewAsync() : null;
        try
        {
            string[] clusterArguments = redis is null ? [] : ["--cluster", redis.Address];
            await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--store", _proxied, "--user", "alice:" + TestServer.AliceKey, .. clusterArguments]);
            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            string plot = await TestServer.CreatePlotAsync(http, "hung-stop-token", "stopping");
            string path = (string)JsonNode.Parse(await http.GetStringAsync(plot + ".json"))!["path"]!;
            _proxy.Stall();
            Assert.Equal(200, (await ExchangeAsync(server.BaseUrl.Port, Encoding.UTF8.GetBytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "plotly-streamtoken: hung-stop-token\r\n\r\n" + Chunk("{\"x\":1,\"y\":72}\n") + "0\r\n\r\n"))).Status);
            await _proxy.HeldAsync(); // the saver's pass waits on the hung database

            // The stop's deadline and then some: before, the stop waited out the hung pass and a final one (35 s).
            TimeSpan bound = WriteBehindPersister.StopTimeout + TimeSpan.FromSeconds(20);
            var clock = Stopwatch.StartNew();
            server.Terminate();
            await Task.WhenAny(server.Process.WaitForExitAsync(), Task.Delay(bound));
            bool exited = server.Process.HasExited;
            output.WriteLine($"SIGTERM to exit with the database hung: {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine(server.Output);

            Assert.True(exited, $"the server did not exit within {bound.TotalSeconds} s of SIGTERM while the database hung");
            Assert.Equal(0, server.Process.ExitCode);
            // A cluster node names it where the point waited: in the saver, or behind the takeover's reload of the plot.
            Assert.Contains(server.Output.Split('\n'), line => line.Contains("not saved", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal));
        }
        finally
        {
            _proxy.Resume();
            Directory.Delete(data, recursive: true);
        }
    }

    // A takeover reads the stored plot while it holds that plot's drain gate. Before, the node's one tick loop renewed its
    // builder keys one plot after another and waited there for that plot's drain: every other plot's key ran out after
    // HoldTime, and a second node could build a plot the first still built (two builders, versions numbered twice).
    [Fact]
    public async Task A_takeover_that_waits_on_the_hung_database_lets_no_other_builder_key_run_out()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using TestServer node = await ClusterTestDevice.StartNodeAsync(_proxied, redis);
        string built = await node.CreatePlotAsync("renewed-token", "built here");
        string taken = await node.CreatePlotAsync("taken-token", "taken while the database hangs");
        await using RawConnection device = await ClusterTestDevice.ConnectAsync(node.Port, "renewed-token");
        await ClusterTestDevice.StreamPointsAsync(device, 1, 5);
        (string owner, int number) = await ClusterTestDevice.OwnerAndNumberAsync(node, built);
        RedisKey builderKey = ClusterKeys.Builder(node.Host.Plots.Find(owner, number)!);
        await using ConnectionMultiplexer client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        IDatabase database = client.GetDatabase();
        await Eventually.TrueAsync(async () => await database.KeyExistsAsync(builderKey), "the node builds the first plot");
        RedisValue holder = await database.StringGetAsync(builderKey);

        _proxy.Stall();
        try
        {
            // The second plot's device: the node takes the plot, and its takeover reads the store, which does not answer.
            await using RawConnection waiting = await ClusterTestDevice.ConnectAsync(node.Port, "taken-token");
            await ClusterTestDevice.SendPointAsync(waiting, 1);
            await _proxy.HeldAsync();

            // Three of the key's lifetimes, each a second of streaming: the key is renewed all along.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < 3 * PlotRelay.HoldTime)
            {
                await ClusterTestDevice.StreamPointsAsync(device, 10, 29);
                Assert.True(await database.StringGetAsync(builderKey) == holder,
                    $"the first plot's builder key ran out {clock.Elapsed.TotalSeconds:F1} s into the takeover's wait on the database");
            }
        }
        finally
        {
            _proxy.Resume();
        }
    }

    private static PlotDefinition Definition(string filename) =>
        new(filename, FileOption.New, new JsonArray(new JsonObject { ["x"] = new JsonArray(), ["y"] = new JsonArray() }), []);

    // Plots made and saved through the database at connection, with the saver that holds them; each test disposes the
    // saver itself (its last flush), once the database answers again.
    private sealed class SavedPlots(PostgresStore store, PlotRegistry registry, WriteBehindPersister persister, List<Plot> plots) : IDisposable
    {
        public WriteBehindPersister Persister => persister;

        public List<Plot> Plots => plots;

        public static async Task<SavedPlots> ThroughAsync(string connection, int count)
        {
            var store = new PostgresStore(PostgresAddress.Parse(connection).ConnectionString);
            var persister = new WriteBehindPersister(store);
            var registry = new PlotRegistry(throttleMilliseconds: 0, persister);
            List<Plot> plots = Enumerable.Range(0, count).Select(i => registry.Save("alice", Definition($"hr {i}")).Plot).ToList();
            await persister.SaveNowAsync(plots);
            return new SavedPlots(store, registry, persister, plots);
        }

        public void Dispose()
        {
            registry.Dispose();
            store.Dispose();
        }
    }
}
