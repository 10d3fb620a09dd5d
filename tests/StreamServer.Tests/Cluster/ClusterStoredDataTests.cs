using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Reflection;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>What the cluster keeps in PostgreSQL when plots change hands between nodes: each scenario ends by reading the
/// store as a starting node does, so a copy that only lives in a node's memory does not count.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterStoredDataTests(PostgresServer postgres)
{
    // A device restarted with a new plot (its token, a new filename) through a node that never built the old plot: that
    // node's copy of the old plot is the one it loaded, without the points. The old plot stays a static copy with them.
    [Fact]
    public async Task A_token_moved_to_a_new_plot_through_a_node_that_did_not_build_the_old_one_leaves_the_old_plot_its_points()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string first = await a.CreatePlotAsync(Token, filename: "first");
        await StreamWholeAsync(a.Port, 1, 20);

        await Eventually.TrueAsync(() => SavedAllAsync(a), "node A saved the points it built");

        string second = await b.CreatePlotAsync(Token, filename: "second");
        Assert.NotEqual(first, second);
        await using (RawConnection device = await ConnectAsync(a.Port))
        {
            await SendPointAsync(device, 21);
            await EndWith200Async(device);
        }

        // Point 21 reaches the other node through Redis after the device's 200: each node's copy converges, not at once.
        foreach (TestServer node in new[] { a, b })
        {
            await Eventually.TrueAsync(async () => XColumn(await node.FigureAsync(second)).SequenceEqual([21]), $"node {node.Port} shows point 21 on the new plot");
            Assert.Equal(Enumerable.Range(1, 20), XColumn(await node.FigureAsync(first)));
        }

        await Eventually.TrueAsync(async () => await SavedAllAsync(a) && await SavedAllAsync(b), "both nodes saved");
        StoredPlot stored = await StoredAsync(nodes.Store, a, first);
        Assert.Equal(Enumerable.Range(1, 20), XColumn(JsonNode.Parse(stored.DataJson)!));
        Assert.DoesNotContain(Token, stored.DataJson); // the token feeds the new plot only, also after a restart
        Assert.Equal([21], XColumn(JsonNode.Parse((await StoredAsync(nodes.Store, a, second)).DataJson)!));
    }

    // A node learns of another node's new plot from a Redis notice, which Redis passes only to nodes already subscribed.
    // Before, a node served (and /healthz said "connected") while its SUBSCRIBEs were still on their way: a plot made on
    // another node in that moment was never heard of there, and the node answered 404 for it until it restarted (a CI run
    // caught it on a node behind a slow proxy). Here every reply from Redis to node B comes 300 ms late, and the plot is
    // made on node A the moment node B starts.
    [Fact]
    public async Task A_plot_made_on_another_node_the_moment_a_node_starts_is_served_there()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using LaggingProxy slowLink = LaggingProxy.To(redis.Port);
        slowLink.Lag = TimeSpan.FromMilliseconds(300);
        await using TestServer a = await StartNodeAsync(store, redis);
        await using TestServer b = await StartNodeAsync(store, $"redis://127.0.0.1:{slowLink.Port}");

        string link = await a.CreatePlotAsync(Token, filename: "made-as-b-started");

        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage answer = await b.Http.GetAsync(link + ".json");
            return answer.IsSuccessStatusCode;
        }, "node B serves the plot node A made");
    }

    // The wait for those subscriptions is bounded: a Redis that answers the node's commands but passes its subscription
    // connection nothing (here every byte of it a minute late) must not hold the node's start; it starts after
    // ClusterSubscriptions.Wait and says what it may have missed. A process of its own, so its console log is read.
    [Fact]
    public async Task A_node_whose_subscriptions_are_never_confirmed_starts_after_its_bounded_wait_and_says_what_it_may_have_missed()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using LaggingProxy link = LaggingProxy.To(redis.Port);
        link.LagAfter = "SUBSCRIBE";
        link.Lag = TimeSpan.FromMinutes(1);
        string folder = TestServer.NewDataDirectory();
        try
        {
            // A lower bound only: the node waited out its bound before it served (a start without the wait takes about 1 s).
            var clock = Stopwatch.StartNew();
            await using ServerProcess node = await ServerProcess.StartAsync(
                ["--data", folder, "--store", store, "--cluster", $"redis://127.0.0.1:{link.Port}", "--user", $"{TestServer.Alice}:{TestServer.AliceKey}"]);
            Assert.True(clock.Elapsed >= ClusterSubscriptions.Wait, $"the node served {clock.Elapsed.TotalSeconds:0.0} s after it was started, before its wait ended");
            Assert.True(clock.Elapsed < link.Lag / 2, $"the node took {clock.Elapsed.TotalSeconds:0.0} s to start: it waited for the lagging link");

            Assert.Contains($"did not confirm this node's subscriptions within {ClusterSubscriptions.Wait.TotalSeconds} s: notices other nodes sent while it started", node.Output);
            Assert.Contains("may answer 404 for such a plot", node.Output);
            using var http = new HttpClient { BaseAddress = node.BaseUrl };
            Assert.Contains("\"status\"", await http.GetStringAsync("/healthz"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The same when a node gets Redis back: it reads the plots stored while it was away, and must by then hear every later
    // notice. Before, it read them as soon as Redis was back, while its SUBSCRIBEs (which StackExchange.Redis sends again on
    // its own) were still on their way: a plot made on another node just after that read was never heard of there, and the
    // node answered 404 for it until it restarted. Here node B's link to Redis is cut, a plot is made on node A meanwhile
    // (node B serving it shows that B read the store), and the link comes back with every reply and command 300 ms late;
    // the second plot is made on node A the moment node B serves the first.
    [Fact]
    public async Task A_plot_made_on_another_node_the_moment_a_node_has_read_the_store_after_redis_returned_is_served_there()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using LaggingProxy link = LaggingProxy.To(redis.Port);
        await using TestServer a = await StartNodeAsync(store, redis);
        await using TestServer b = await StartNodeAsync(store, $"redis://127.0.0.1:{link.Port}");
        link.Cut();
        await Eventually.TrueAsync(async () => (await HealthAsync(b)).Contains("redis unreachable"), "node B lost Redis");
        string meanwhile = await a.CreatePlotAsync(Token, filename: "made while B was away");

        link.LagAfter = "SUBSCRIBE";
        link.Lag = TimeSpan.FromMilliseconds(300);
        link.Mend();
        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage answer = await b.Http.GetAsync(meanwhile + ".json");
            return answer.IsSuccessStatusCode;
        }, "node B read the plot made while it was away", timeoutSeconds: 30);
        string after = await a.CreatePlotAsync(OtherToken, filename: "made as B read the store");

        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage answer = await b.Http.GetAsync(after + ".json");
            return answer.IsSuccessStatusCode;
        }, "node B serves the plot node A made after B read the store", timeoutSeconds: 10);
    }

    // A node that takes a plot over reads the stored copy under the plot's drain gate. Before, an overwrite stored by another
    // node meanwhile was undone: the overwrite's notice reloaded it at once (outside the gate), the takeover then put its
    // older copy back, and numbered it above the overwrite (it read the newest version after its reload), so its saver
    // wrote the old figure over the new one, on that node and in the store, for good. The takeover's write of the
    // replayed copy is held 2 s by a trigger, so the overwrite lands inside that window every time.
    [Fact]
    public async Task An_overwrite_stored_while_another_node_takes_the_plot_over_is_kept()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await b.CreatePlotAsync(Token, filename: "overwritten");
        await using (RawConnection device = await ConnectAsync(b.Port))
        {
            // The first save writes the plot whole; points after it are stored as appends, which a takeover replays.
            await StreamPointsAsync(device, 1, 5);
            await Eventually.TrueAsync(() => SavedAllAsync(b), "node B saved the plot");
            await StreamPointsAsync(device, 6, 10);
            await EndWith200Async(device);
        }

        await Eventually.TrueAsync(() => SavedAllAsync(b), "node B saved the points");
        await nodes.LetGoAsync(b, link);

        await using var database = new NpgsqlConnection(PostgresAddress.Parse(nodes.Store).ConnectionString);
        await database.OpenAsync();
        await ExecuteAsync(database, """
            CREATE FUNCTION hold_old_copies() RETURNS trigger AS $$
            BEGIN
                IF NEW.data_json NOT LIKE '%777%' THEN PERFORM pg_sleep(2); END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER hold_old_copies BEFORE INSERT ON plots FOR EACH ROW EXECUTE FUNCTION hold_old_copies();
            """);

        // A device on node A: A takes the plot over and reads the stored copy (row and appends), writing it back whole.
        await using RawConnection takeover = await ConnectAsync(a.Port);
        await SendPointAsync(takeover, 6);
        await Eventually.TrueAsync(async () => (long)(await ScalarAsync(database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"))! > 0,
            "node A's takeover writes the copy it read");
        JsonObject answer = await TestServer.ClientRespAsync(b.Http,
            $$$"""[{"x":[777],"y":[1],"type":"scatter","stream":{"token":"{{{Token}}}","maxpoints":500}}]""", """{"filename":"overwritten","fileopt":"overwrite"}""");
        Assert.Equal("", (string?)answer["error"]);
        // Once the takeover has ended (its device's next point is applied), every copy is the overwrite's with the device's
        // points after it (point 6, sent before the overwrite was stored, may come before or after it), none of the old ones.
        await SendPointAsync(takeover, 8);
        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).LastOrDefault() == 8, "node A applies the device's next point", timeoutSeconds: 20);
        foreach (TestServer node in new[] { a, b })
        {
            await Eventually.TrueAsync(async () => IsOverwriteWithLivePoints(XColumn(await node.FigureAsync(link))),
                $"node {node.Port} shows the overwrite and the points after it", timeoutSeconds: 20);
        }

        await Eventually.TrueAsync(async () => await SavedAllAsync(a) && await SavedAllAsync(b), "both nodes saved", timeoutSeconds: 30);
        List<int> stored = XColumn(JsonNode.Parse((await StoredAsync(nodes.Store, a, link)).DataJson)!);
        Assert.True(IsOverwriteWithLivePoints(stored), "stored: " + string.Join(",", stored));
    }

    // The owner deletes a plot through node A while node B builds it from a device's stream: the answer comes once every
    // node has let it go, the device is told its token is no longer bound, and B's saver, which still held the plot's last
    // points, writes nothing of it again; the number stays taken.
    [Fact]
    public async Task A_plot_deleted_through_one_node_leaves_every_node_and_its_builder_writes_nothing_more()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token, filename: "deleted");
        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        await using RawConnection device = await ConnectAsync(b.Port);
        await StreamPointsAsync(device, 1, 10);
        await using SseReader viewer = await SseReader.OpenAsync(a.Http, link + "/events");
        await viewer.NextAsync();

        using HttpResponseMessage deleted = await a.DeletePlotAsync($"/~{owner}/{number}");

        Assert.Equal(200, (int)deleted.StatusCode);
        foreach (TestServer node in new[] { a, b })
        {
            Assert.Equal(410, (int)(await node.Http.GetAsync(link + ".json")).StatusCode); // its link says so on every node
        }

        while (await viewer.MoveNextOrEndAsync().WaitAsync(TimeSpan.FromSeconds(20)))
        {
            // frames sent before the delete; the stream then ends
        }

        await SendPointAsync(device, 11);
        Assert.Equal(403, (await device.ReadToEndAsync()).Status);
        Assert.All(new[] { a, b }, node => Assert.Equal(0, node.Host.Persister.TrackedPlotCount)); // nor its data, on any node
        await Eventually.TrueAsync(async () => await SavedAllAsync(a) && await SavedAllAsync(b), "both nodes have nothing left to save");
        await b.Host.Persister.FlushAsync(); // a pass of B's saver after the delete, which held the plot's last points
        using (var store = new PostgresStore(PostgresAddress.Parse(nodes.Store).ConnectionString))
        {
            PlotRow row = store.ReadPlotRow(owner, number)!;
            Assert.True(row.Deleted);
            Assert.Equal("[]", row.DataJson);
            Assert.Empty(store.ReadAppends(owner, number, afterVersion: -1));
        }

        string next = await b.CreatePlotAsync("another-cluster-token", filename: "deleted");
        Assert.Equal(number + 1, (await OwnerAndNumberAsync(b, next)).Number);
    }

    // An overwrite on node A racing a delete on node B: B's delete took the store first, and its notice has not reached A
    // yet (here B's first step is done on the store directly, so A never hears of it). A's save was then refused, and A
    // answered "All Streams Go!" for a plot that was gone. Now it reads the marker, lets the plot go and answers 409.
    [Fact]
    public async Task An_overwrite_that_lost_the_race_with_a_delete_on_another_node_is_answered_409_and_the_plot_leaves()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        TestServer a = nodes.A;
        string link = await a.CreatePlotAsync(Token, filename: "deleted elsewhere");
        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        using (var store = new PostgresStore(PostgresAddress.Parse(nodes.Store).ConnectionString))
        {
            await store.DeletePlotAsync(owner, number, "deleted elsewhere", CancellationToken.None);
        }

        string form = $$$"""platform=nodejs&version=1.0.4&args=[{"x":[1],"y":[2],"stream":{"token":"{{{Token}}}","maxpoints":500}}]&kwargs={"filename":"deleted elsewhere","fileopt":"overwrite"}&un={{{TestServer.Alice}}}&key={{{TestServer.AliceKey}}}&origin=plot""";
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage overwrite = await a.Http.PostAsync("/clientresp", content);

        Assert.Equal(409, (int)overwrite.StatusCode);
        Assert.Contains("was deleted while this request overwrote it", await overwrite.Content.ReadAsStringAsync());
        Assert.Equal(410, (int)(await a.Http.GetAsync(link + ".json")).StatusCode);
        Assert.Equal(0, a.Host.Persister.TrackedPlotCount);
    }

    // As above, with the overwrite naming a token of the owner's other plot: that token left the other plot on node A and in
    // the store (/clientresp takes it out before the save) before the delete was known, and does not go back. Before, the
    // 409 said "nothing of the request was kept", and node B, which never reads the overwrite, still fed the other plot with
    // the token. Now the answer names the plot the token left and says what to do, and every node drops the token from it.
    [Fact]
    public async Task An_overwrite_that_lost_to_a_delete_says_which_plots_its_tokens_left()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        TestServer a = nodes.A;
        (string other, string otherPath, string form, _) = await DeletedElsewhereWithOtherPlotAsync(nodes);
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage overwrite = await a.Http.PostAsync("/clientresp", content);
        string error = (string)JsonNode.Parse(await overwrite.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(409, (int)overwrite.StatusCode);
        Assert.Contains($"the stream tokens it took from your other plots were taken out of them all the same, and are not given back: {otherPath} 'other' (1 token)", error);
        Assert.Contains("Send the request again to make the plot anew with them", error);
        Assert.DoesNotContain("nothing of the request was kept", error);

        // As the answer says: the other plot does not have the token, in the store nor on either node.
        Assert.DoesNotContain(OtherToken, (await StoredAsync(nodes.Store, a, other)).DataJson);
        foreach (TestServer node in new[] { a, nodes.B })
        {
            Assert.Equal(404, (await node.ExchangeAsync(RawHttp.StreamHead(OtherToken) + "0\r\n\r\n")).Status);
        }
    }

    // As above, with Redis stopped when node A tells the nodes: node B cannot hear that the token left the other plot, and
    // still takes it for that plot. Before, the 409 said all the same that the tokens "were taken out of them all the same"
    // (TellNodesAsync swallowed the missing connection); now it says which plots may still take them on some node, and to
    // send the request again once the cluster is reachable.
    [Fact]
    public async Task An_overwrite_that_lost_to_a_delete_while_redis_is_away_does_not_say_its_tokens_left_every_node()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        (string other, string otherPath, string form, _) = await DeletedElsewhereWithOtherPlotAsync(nodes);
        await nodes.Redis.StopAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(a)).Contains("redis unreachable"), "node A lost Redis");
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage overwrite = await a.Http.PostAsync("/clientresp", content);
        string error = (string)JsonNode.Parse(await overwrite.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(409, (int)overwrite.StatusCode);
        Assert.DoesNotContain("taken out of them all the same", error);
        Assert.Contains($"are not given back: {otherPath} 'other' (1 token)", error);
        Assert.Contains("Not every server of the cluster confirmed it dropped them", error);
        Assert.Contains("Send the request again once the cluster is reachable", error);

        // What the answer says: the store and node A lost the token, node B (which never heard) still takes it.
        Assert.DoesNotContain(OtherToken, (await StoredAsync(nodes.Store, a, other)).DataJson);
        Assert.Equal(404, (await a.ExchangeAsync(RawHttp.StreamHead(OtherToken) + "0\r\n\r\n")).Status);
        Assert.Equal(200, (await b.ExchangeAsync(RawHttp.StreamHead(OtherToken) + "0\r\n\r\n")).Status);
    }

    // As above, with the owner overwriting the other plot with its token again through node B while node A's overwrite is on
    // its way to the 409, after A took the token out of that plot's row and before A tells the nodes it left (here A's
    // plot-stored notice is held by a third subscriber, the test, until B's overwrite is answered). Before, A read the other
    // plot's stored version only when it told the nodes, got B's overwrite's, and node B took the token out of that newer
    // copy: a device streaming to the plot through B got 404. Now A tells the version the row had as the token was taken out
    // of it, and B leaves the overwrite, numbered a gap above that, alone.
    [Fact]
    public async Task Tokens_that_left_a_plot_stay_on_an_overwrite_of_it_stored_before_the_nodes_were_told()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        (string other, _, string form, (string owner, int number)) = await DeletedElsewhereWithOtherPlotAsync(nodes);
        await using HeldNotice held = await HeldNotice.StartAsync(nodes, a, owner, number); // node A's overwrite's notice

        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        Task<HttpResponseMessage> overwriting = a.Http.PostAsync("/clientresp", content);
        await held.HeldAsync(); // the token is out of the other plot's row

        string again = await b.CreatePlotAsync(OtherToken, filename: "other");
        Assert.Equal(await a.OwnerPathAsync(other), await b.OwnerPathAsync(again)); // overwritten, not made anew
        Assert.False(overwriting.IsCompleted, "node A answered the overwrite before the test said it read the plot");
        await held.ReleaseAsync();
        using HttpResponseMessage overwrite = await overwriting;

        Assert.Equal(409, (int)overwrite.StatusCode);
        Assert.Contains("taken out of them all the same", await overwrite.Content.ReadAsStringAsync());
        Assert.Equal(200, (await a.ExchangeAsync(RawHttp.StreamHead(OtherToken) + "0\r\n\r\n")).Status); // read B's overwrite
        Assert.Equal(200, (await b.ExchangeAsync(RawHttp.StreamHead(OtherToken) + "0\r\n\r\n")).Status); // told after it

        Assert.Contains(OtherToken, (await StoredAsync(nodes.Store, b, other)).DataJson);
    }

    private const string OtherToken = "cluster-other-plot-token";

    // Node A's plot "deleted elsewhere" (its owner and number: Deleted), deleted in the store directly (no node heard of it),
    // the owner's plot "other" that OtherToken feeds, and an overwrite of the first that takes OtherToken from the second.
    private static async Task<(string Other, string OtherPath, string Form, (string Owner, int Number) Deleted)> DeletedElsewhereWithOtherPlotAsync(TwoNodes nodes)
    {
        TestServer a = nodes.A;
        string link = await a.CreatePlotAsync(Token, filename: "deleted elsewhere");
        string other = await a.CreatePlotAsync(OtherToken, filename: "other");
        string otherPath = await a.OwnerPathAsync(other);
        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        using (var store = new PostgresStore(PostgresAddress.Parse(nodes.Store).ConnectionString))
        {
            await store.DeletePlotAsync(owner, number, "deleted elsewhere", CancellationToken.None);
        }

        return (other, otherPath, $$$"""platform=nodejs&version=1.0.4&args=[{"x":[1],"y":[2],"stream":{"token":"{{{Token}}}","maxpoints":500}},{"x":[3],"y":[4],"stream":{"token":"{{{OtherToken}}}","maxpoints":500}}]&kwargs={"filename":"deleted elsewhere","fileopt":"overwrite"}&un={{{TestServer.Alice}}}&key={{{TestServer.AliceKey}}}&origin=plot""", (owner, number));
    }

    // An overwrite on node A racing a delete on node B, the delete reaching the store after A's save: the plot is gone, and
    // on one node the overwrite is answered 409 when the delete came before its answer. Here A's answer is held, as a slow
    // node holds it: a third subscriber to the nodes' notices (the test) says it read A's plot only once B's delete has
    // been answered. Before, A looked for a delete only before it told the nodes, and answered "All Streams Go!" for a plot
    // every node knew was gone; now it looks last, just before the answer.
    [Fact]
    public async Task An_overwrite_answered_after_a_delete_on_another_node_reached_the_store_is_answered_409()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token, filename: "deleted meanwhile");
        string path = await a.OwnerPathAsync(link);
        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        await using HeldNotice held = await HeldNotice.StartAsync(nodes, a, owner, number); // node A's overwrite's notice

        string form = $$$"""platform=nodejs&version=1.0.4&args=[{"x":[1],"y":[2],"stream":{"token":"{{{Token}}}","maxpoints":500}}]&kwargs={"filename":"deleted meanwhile","fileopt":"overwrite"}&un={{{TestServer.Alice}}}&key={{{TestServer.AliceKey}}}&origin=plot""";
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        Task<HttpResponseMessage> overwriting = a.Http.PostAsync("/clientresp", content);
        await held.HeldAsync(); // node A saved the overwrite and told the nodes

        using (HttpResponseMessage deleted = await b.DeletePlotAsync(path))
        {
            Assert.Equal(200, (int)deleted.StatusCode);
        }

        Assert.False(overwriting.IsCompleted, "node A answered the overwrite before the test said it read the plot");
        await held.ReleaseAsync();
        using HttpResponseMessage overwrite = await overwriting;

        Assert.Equal(409, (int)overwrite.StatusCode);
        Assert.Contains("was deleted while this request overwrote it", await overwrite.Content.ReadAsStringAsync());
        Assert.Equal(410, (int)(await a.Http.GetAsync(link + ".json")).StatusCode);
        Assert.Equal(410, (int)(await b.Http.GetAsync(link + ".json")).StatusCode);
    }

    // A third subscriber to the nodes' plot-stored notices (the test), counted among the nodes each notice waits for: it
    // answers every notice at once, save the first that one node sends for the owner's plot number, which it holds until
    // ReleaseAsync, as a slow node would; that node's /clientresp answer waits for it. Every node then waits on the test's
    // answers, so both wait as long as it takes (LoadWaitHere): what the test does meanwhile cannot outlast a node's wait
    // however slow the machine.
    private sealed class HeldNotice : IAsyncDisposable
    {
        private readonly ConnectionMultiplexer _redis;
        private readonly TaskCompletionSource<string> _notice = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private HeldNotice(ConnectionMultiplexer redis) => _redis = redis;

        public static async Task<HeldNotice> StartAsync(TwoNodes nodes, TestServer node, string owner, int number)
        {
            foreach (TestServer each in new[] { nodes.A, nodes.B })
            {
                ((StreamServer.Cluster.ClusterNode)each.Host.Plots.Cluster!).LoadWaitHere = TimeSpan.FromMinutes(10);
            }

            string nodeId = ((StreamServer.Cluster.ClusterNode)node.Host.Plots.Cluster!).NodeId;
            string plot = $"{owner}\n{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var held = new HeldNotice(await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{nodes.Redis.Port}"));
            ISubscriber notices = held._redis.GetSubscriber();
            (await notices.SubscribeAsync(ClusterKeys.PlotsChanged)).OnMessage(async message =>
            {
                string[] parts = ((string)message.Message!).Split('\n'); // NODE, OWNER, NUMBER, NOTICE
                bool first = parts[0] == nodeId && $"{parts[1]}\n{parts[2]}" == plot && held._notice.TrySetResult(parts[3]);
                if (!first)
                {
                    await notices.PublishAsync(ClusterKeys.PlotsLoaded, parts[3]);
                }
            });
            return held;
        }

        /// <summary>Waits until the node sent the notice the test holds; returns that notice.</summary>
        public Task<string> HeldAsync() => _notice.Task.WaitAsync(RawHttp.Timeout);

        /// <summary>Answers the held notice: the node's wait ends.</summary>
        public async Task ReleaseAsync() => await _redis.GetSubscriber().PublishAsync(ClusterKeys.PlotsLoaded, await HeldAsync());

        public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
    }

    // Without Redis a node cannot tell the others; a delete they never heard of would leave them serving the plot (its
    // link, its tokens, streams whose points the store then throws away) until they restart. So it is refused, and
    // nothing changes; once Redis is back it goes through.
    [Fact]
    public async Task A_delete_is_refused_while_the_other_nodes_cannot_be_told()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token, filename: "kept while Redis is away");
        string path = await a.OwnerPathAsync(link);
        await nodes.Redis.StopAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(a)).Contains("redis unreachable"), "node A lost Redis");

        using (HttpResponseMessage refused = await a.DeletePlotAsync(path))
        {
            Assert.Equal(503, (int)refused.StatusCode);
            Assert.Contains("cannot reach the cluster's Redis", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal("kept while Redis is away", (string?)(await a.FigureAsync(link))["filename"]);
        await nodes.Redis.StartAsync();
        await Eventually.TrueAsync(async () => !(await HealthAsync(a)).Contains("redis unreachable") && !(await HealthAsync(b)).Contains("redis unreachable"),
            "both nodes have Redis again", timeoutSeconds: 30);
        Assert.Equal(200, (int)(await a.DeletePlotAsync(path)).StatusCode);
        foreach (TestServer node in new[] { a, b })
        {
            Assert.Equal(410, (int)(await node.Http.GetAsync(link + ".json")).StatusCode);
        }
    }

    // A new plot's row is made by /clientresp's plain INSERT, which takes a row already there for another plot's. The saver
    // runs on its own clock: when it ran between the plot's making and that INSERT, it wrote the row first, and the plot was
    // refused as "given to another plot at the same time". Saving every 10 ms, most of these rounds hit that window.
    [Fact]
    public async Task A_new_plot_is_stored_whenever_the_saver_runs_while_it_is_being_made()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using TestServer node = await TestServer.StartAsync(options =>
        {
            options.Store = store;
            options.Cluster = redis.Address;
            options.PersistIntervalMilliseconds = 10;
        });
        for (int plot = 1; plot <= 40; plot++)
        {
            string link = await node.CreatePlotAsync($"cluster-token-made-while-saving-{plot}", filename: $"plot {plot}");
            Assert.Equal($"plot {plot}", (await StoredAsync(store, node, link)).Filename);
        }
    }

    // While Redis is away each node still serves /clientresp: plots made then on two nodes must not share a number, or the
    // second save replaces the first and, once Redis is back, a device of the first gets 404.
    [Fact]
    public async Task Plots_made_on_two_nodes_while_redis_is_away_keep_numbers_of_their_own()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        await nodes.Redis.StopAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(a)).Contains("redis unreachable") && (await HealthAsync(b)).Contains("redis unreachable"),
            "both nodes are without Redis");
        const string OnA = "cluster-token-made-on-a", OnB = "cluster-token-made-on-b";
        string linkA = await a.CreatePlotAsync(OnA, filename: "made on A");
        string linkB = await b.CreatePlotAsync(OnB, filename: "made on B");
        Assert.NotEqual(await a.OwnerPathAsync(linkA), await b.OwnerPathAsync(linkB));

        await nodes.Redis.StartAsync();
        foreach ((TestServer node, string link) in new[] { (a, linkB), (b, linkA) })
        {
            await Eventually.TrueAsync(async () => (await node.Http.GetAsync(link + ".json")).IsSuccessStatusCode,
                $"node {node.Port} read the plot the other node made while Redis was away", timeoutSeconds: 60);
        }

        // Each link shows its own plot on both nodes and in the store, and each device streams to it through either node.
        foreach (TestServer node in new[] { a, b })
        {
            Assert.Equal("made on A", (string)(await node.FigureAsync(linkA))["filename"]!);
            Assert.Equal("made on B", (string)(await node.FigureAsync(linkB))["filename"]!);
            foreach (string token in new[] { OnA, OnB })
            {
                RawResponse answer = await node.ExchangeAsync(StreamHead(token) + RawHttp.Chunk("{\"x\":1,\"y\":1}\n") + "0\r\n\r\n");
                Assert.Equal(200, answer.Status);
            }
        }

        Assert.Equal("made on A", (await StoredAsync(nodes.Store, a, linkA)).Filename);
        Assert.Equal("made on B", (await StoredAsync(nodes.Store, a, linkB)).Filename);
    }

    // A builder stopped cleanly (SIGTERM: a deployment, a restart) while another node's streams feed it through the plot's
    // queue: what it took from the queue must be saved before another node takes the plot over, and what it did not take
    // must wait there for that node. Counted: every point each stream's answer says was received is in the store.
    [Fact]
    public async Task A_builder_stopped_cleanly_loses_no_point_that_another_node_forwarded_to_it()
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        TestServer a = await StartNodeAsync(store, redis);
        Task stopping = Task.CompletedTask;
        bool stopped = false;
        try
        {
            await using TestServer b = await StartNodeAsync(store, redis);
            string[] tokens = ["cluster-token-on-a", .. Enumerable.Range(1, 30).Select(i => $"cluster-token-on-b-{i}")];
            JsonObject reply = await a.ClientRespAsync(
                "[" + string.Join(",", tokens.Select(token => $$$"""{"x":[],"y":[],"stream":{"token":"{{{token}}}","maxpoints":500}}""")) + "]",
                """{"filename":"forwarded","fileopt":"overwrite"}""");
            string link = new Uri((string)reply["url"]!).AbsolutePath;
            RawConnection onA = await ConnectAsync(a.Port, tokens[0]);
            await SendPointAsync(onA, 1);
            await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).Contains(1), "node A builds the plot");

            const int Points = 100, StopAt = 30;
            List<RawConnection> onB = [];
            foreach (string token in tokens.Skip(1))
            {
                onB.Add(await ConnectAsync(b.Port, token));
            }

            for (int x = 1; x <= Points; x++)
            {
                foreach (RawConnection device in onB)
                {
                    await SendPointAsync(device, x);
                }

                if (x == StopAt)
                {
                    stopped = true;
                    stopping = Task.Run(async () => await a.DisposeAsync());
                }

                await Task.Delay(CadenceMilliseconds);
            }

            await stopping;
            foreach (RawConnection device in onB)
            {
                await device.SendAsync("0\r\n\r\n");
                RawResponse answer = await device.ReadToEndAsync();
                Assert.Equal(200, answer.Status);
                Assert.Equal(Points, answer.Count("received"));
                Assert.Equal(0, answer.Count("dropped"));
                await device.DisposeAsync();
            }

            await onA.DisposeAsync();
            // Node B builds the plot now: once its copy has each stream's last point it has applied all of them, in order.
            await Eventually.TrueAsync(async () =>
            {
                JsonObject figure = await b.FigureAsync(link);
                return Enumerable.Range(1, onB.Count).All(trace => XColumn(figure, trace).LastOrDefault() == Points);
            }, "node B took the plot over and applied every stream's last point");
            JsonObject onNodeB = await b.FigureAsync(link);
            await Eventually.TrueAsync(() => SavedAllAsync(b), "node B saved");
            JsonNode stored = JsonNode.Parse((await StoredAsync(store, b, link)).DataJson)!;
            for (int trace = 1; trace <= onB.Count; trace++)
            {
                Assert.Equal(Enumerable.Range(1, Points), XColumn(onNodeB, trace));
                Assert.Equal(Enumerable.Range(1, Points), XColumn(stored, trace));
            }
        }
        finally
        {
            if (!stopped)
            {
                await a.DisposeAsync();
            }
        }
    }

    // A builder sends a relayout only at the next frame instant of the 50 ms grid, and relays nothing once it has let the
    // plot go: an edit it applied just before it left (its stop's last drain, an owner's edit) went out to its own viewers
    // only. The next builder, which mirrored the plot (its copy counts as current, so it does not reload), went on without
    // the edit and saved its copy whole over it, in the store too. The stop's steps are A's own (ClusterNode runs them the
    // same way); the test holds the plot's lock from the edit until A has let the plot go, so the frame instant (its timer
    // takes that lock) falls after it every time, as it does whenever the stop takes less than those 50 ms.
    [Fact]
    public async Task An_edit_the_builder_applied_just_before_it_stopped_reaches_the_next_builder_and_the_store()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token, filename: "edited at the stop");
        await using RawConnection onA = await ConnectAsync(a.Port);
        await StreamPointsAsync(onA, 1, 5);
        await using SseReader viewer = await SseReader.OpenAsync(b.Http, link + "/events");
        await SendPointAsync(onA, 6);
        await ReadUntilXAsync(viewer, 6); // point 6 reaches B's viewer only from A: B mirrors A's figure and frames

        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        Plot plot = a.Host.Plots.Find(owner, number)!;
        var relay = (PlotRelay)plot.Relay!;
        Assert.True(relay.IsBuilder);
        await relay.StopTakingAsync();
        object plotGate = typeof(Plot).GetField("_gate", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(plot)!;
        Task leaving;
        lock (plotGate)
        {
            Assert.Null(plot.Relayout(new JsonObject { ["title"] = "edited at the stop" }, here: true)); // as the stop's drain applies it
            leaving = relay.LeaveAsync();
        }

        await leaving;
        await EndWith200Async(onA);
        await Eventually.TrueAsync(() => SavedAllAsync(a), "node A saved the edit (a stop's last flush)");

        // Node B takes the plot over from its mirrored copy and saves it whole.
        await using RawConnection onB = await ConnectAsync(b.Port);
        await SendPointAsync(onB, 7);
        await Eventually.TrueAsync(async () => XColumn(await b.FigureAsync(link)).LastOrDefault() == 7, "node B builds the plot");
        await Eventually.TrueAsync(() => SavedAllAsync(b), "node B saved its copy");
        StoredPlot stored = await StoredAsync(nodes.Store, b, link);
        Assert.Equal("edited at the stop", (string?)JsonNode.Parse(stored.LayoutJson)!["title"]);
        Assert.Equal("edited at the stop", (string?)(await b.FigureAsync(link))["layout"]?["title"]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], XColumn(JsonNode.Parse(stored.DataJson)!));
        SseItem<string> relayout = (await viewer.ReadUntilAsync(item => item.EventType == "relayout"))[^1];
        Assert.Equal("edited at the stop", (string?)JsonNode.Parse(relayout.Data)!["title"]);
        await EndWith200Async(onB);
    }

    // A device's two streams on two nodes while Redis is away: each node builds the plot alone. When Redis returns one of
    // them becomes the builder; the other's copy must follow it (its figure, then its frames) instead of staying its own
    // for good with the builder's frames applied onto it, so viewers and reads on both nodes show the same plot.
    [Fact]
    public async Task After_redis_returns_a_node_that_built_a_plot_alone_and_lost_it_to_another_follows_the_new_builder()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        const string First = "cluster-token-first", Second = "cluster-token-second";
        JsonObject reply = await a.ClientRespAsync(
            $$$"""[{"x":[],"y":[],"stream":{"token":"{{{First}}}","maxpoints":500}},{"x":[],"y":[],"stream":{"token":"{{{Second}}}","maxpoints":500}}]""",
            """{"filename":"apart","fileopt":"overwrite"}""");
        string link = new Uri((string)reply["url"]!).AbsolutePath;
        await using SseReader onA = await SseReader.OpenAsync(a.Http, link + "/events");
        await using SseReader onB = await SseReader.OpenAsync(b.Http, link + "/events");
        await using RawConnection first = await ConnectAsync(a.Port, First);
        await using RawConnection second = await ConnectAsync(b.Port, Second);

        async Task StreamBothAsync(int from, int to)
        {
            for (int x = from; x <= to; x++)
            {
                await SendPointAsync(first, x);
                await SendPointAsync(second, 1000 + x);
                await Task.Delay(CadenceMilliseconds);
            }
        }

        await StreamBothAsync(1, 10);
        await nodes.Redis.StopAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(a)).Contains("redis unreachable") && (await HealthAsync(b)).Contains("redis unreachable"),
            "both nodes are without Redis");
        await StreamBothAsync(11, 40);
        await nodes.Redis.StartAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(a)).Contains("\"cluster\":\"connected\"") && (await HealthAsync(b)).Contains("\"cluster\":\"connected\""),
            "both nodes rejoined", timeoutSeconds: 60);
        await StreamBothAsync(41, 60);
        foreach (RawConnection device in new[] { first, second })
        {
            await EndWith200Async(device);
        }

        // Both copies: each stream's last point, and the same columns (the loser's points of the time apart are not shown).
        await Eventually.TrueAsync(async () =>
        {
            JsonObject onNodeA = await a.FigureAsync(link), onNodeB = await b.FigureAsync(link);
            return XColumn(onNodeA, 0).LastOrDefault() == 60 && XColumn(onNodeA, 1).LastOrDefault() == 1060
                && XColumn(onNodeA, 0).SequenceEqual(XColumn(onNodeB, 0)) && XColumn(onNodeA, 1).SequenceEqual(XColumn(onNodeB, 1));
        }, "both nodes hold the builder's copy");
    }

    private static bool IsOverwriteWithLivePoints(List<int> x) => x.Count > 1 && x[0] == 777 && x[^1] == 8 && x.All(value => value is 777 or 6 or 8);

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        return await command.ExecuteScalarAsync();
    }
}
