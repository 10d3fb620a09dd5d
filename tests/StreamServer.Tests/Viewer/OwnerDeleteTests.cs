using System.Net;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>DELETE /~USER/N: only the owner; every way to the plot ends at once, and its number is never given again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OwnerDeleteTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheOwnersDeleteEndsEveryWayToThePlotAndOutlastsARestart(bool inPostgres)
    {
        string data = TestServer.NewDataDirectory();
        string? store = inPostgres ? await postgres.NewDatabaseAsync() : null;
        try
        {
            string kept;
            string link;
            await using (TestServer before = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.Store = store; }, data))
            {
                kept = await before.CreatePlotAsync("kept-stream-token", "kept");
                link = await before.CreatePlotAsync("gone-stream-token", "gone");
                string owner = await before.OwnerPathAsync(link);
                Assert.Equal("/~alice/1", owner);
                await using RawConnection device = await RawConnection.OpenAsync(before.Port);
                await device.SendAsync(StreamHead("gone-stream-token") + Chunk("{\"x\":1,\"y\":2}\n"));
                await Eventually.TrueAsync(async () => (await before.FirstTraceAsync(link))["x"]!.AsArray().Count == 1, "the device's point is shown");
                await using SseReader viewer = await SseReader.OpenAsync(before.Http, link + "/events");
                await viewer.NextAsync();

                using HttpResponseMessage deleted = await before.DeletePlotAsync(owner);

                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
                Assert.Equal("", (string?)JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!["error"]);
                while (await viewer.MoveNextOrEndAsync().WaitAsync(Timeout))
                {
                    // a frame sent before the delete; the stream then ends
                }

                await device.SendAsync(Chunk("{\"x\":2,\"y\":4}\n"));
                Assert.Equal(403, (await device.ReadToEndAsync()).Status); // "stream token no longer associated with this plot"
                Assert.Equal(404, (await before.ExchangeAsync(StreamHead("gone-stream-token") + "0\r\n\r\n")).Status);
                Assert.Equal(HttpStatusCode.Gone, (await before.Http.GetAsync(link + ".json")).StatusCode);
                Assert.Equal(HttpStatusCode.Gone, (await before.Http.SendAsync(Owned(HttpMethod.Get, owner + ".json"))).StatusCode);
                Assert.Equal(HttpStatusCode.Gone, (await before.DeletePlotAsync(owner)).StatusCode); // asked again: already deleted
                Assert.Equal(HttpStatusCode.NotFound, (await before.DeletePlotAsync("/~alice/99")).StatusCode);
                Assert.Equal(1, before.Host.Plots.TokenCount); // the kept plot's token only
            }

            await using TestServer after = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.Store = store; }, data);
            Assert.Equal(HttpStatusCode.Gone, (await after.Http.GetAsync(link + ".json")).StatusCode);
            Assert.Equal("kept", (string?)(await after.FigureAsync(kept))["filename"]);
            // Its name is free again; its number is not: the old share link must never show another plot.
            string again = await after.CreatePlotAsync("gone-stream-token", "gone");
            Assert.Equal("/~alice/2", await after.OwnerPathAsync(again));
            Assert.Equal(HttpStatusCode.Gone, (await after.Http.GetAsync(link + ".json")).StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // Every page left open on a deleted plot keeps asking for it; were each request a guessed link, one office's pages
    // would use up their shared address's limit and lock its people out of every other plot.
    [Fact]
    public async Task ADeletedPlotsLinkSaysSoAndIsNoGuess()
    {
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.GuessBurst = 1;
            o.GuessRefillSeconds = 3600;
        });
        string deleted = await server.CreatePlotAsync("deleted-stream-token", "deleted");
        string kept = await server.CreatePlotAsync("kept-stream-token", "kept");
        Assert.Equal(HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(deleted))).StatusCode);

        for (int request = 0; request < 5; request++)
        {
            using HttpResponseMessage answer = await server.Http.GetAsync(deleted + (request % 2 == 0 ? "/events" : "/streams"));
            Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
            Assert.Contains("the owner deleted this plot", await answer.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(kept + "/streams")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/p/unknownunknownunknown0/streams")).StatusCode); // a guess
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.Http.GetAsync(kept + "/streams")).StatusCode);
    }

    [Theory]
    [InlineData(TestServer.Alice, "wrong-key", "the API key is wrong for 'alice': only the owner 'alice' may delete")]
    [InlineData(TestServer.Bob, TestServer.BobKey, "only the owner 'alice' may delete this plot, not 'bob'")]
    public async Task OnlyTheOwnerMayDelete(string user, string key, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();
        string link = await server.CreatePlotAsync("mine-stream-token");

        using HttpResponseMessage response = await server.DeletePlotAsync(await server.OwnerPathAsync(link), user, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        await server.FigureAsync(link);
    }

    [Fact]
    public async Task DeletingAPlotMakesRoomUnderThePlotLimit()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxPlotsPerUser = 1);
        string first = await server.CreatePlotAsync("first-stream-token", "first");
        Assert.Contains("--max-plots-per-user", (string)(await server.ClientRespAsync("""[{"y":[1]}]""", """{"filename":"second","fileopt":"new"}"""))["error"]!);

        Assert.Equal(HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(first))).StatusCode);

        JsonObject second = await server.ClientRespAsync("""[{"y":[1]}]""", """{"filename":"second","fileopt":"new"}""");
        Assert.Equal("", (string)second["error"]!);
        // As many plots as before the delete: the new one's share link is still learnt (it was not, counting plots).
        Assert.Equal("second", (string?)(await server.FigureAsync(new Uri((string)second["url"]!).AbsolutePath))["filename"]);
    }

    [Fact]
    public async Task TheOwnerListsTheirPlotsToFindWhatToDelete()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxPlotsPerUser = 10);
        string first = await server.CreatePlotAsync("first-stream-token", "run");
        await server.ClientRespAsync("""[{"y":[1,2,3]}]""", """{"filename":"run","fileopt":"new"}""");
        await server.CreatePlotAsync("bobs-stream-token", "bob's", user: TestServer.Bob, key: TestServer.BobKey);
        Assert.Equal(HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(first))).StatusCode);

        JsonObject listed = await ListAsync(server, TestServer.Alice, TestServer.AliceKey);

        JsonObject only = (JsonObject)Assert.Single(listed["plots"]!.AsArray())!;
        Assert.Equal(("/~alice/1", "run (1)"), ((string)only["path"]!, (string)only["filename"]!));
        Assert.Equal("run (1)", (string?)(await server.FigureAsync((string)only["share"]!))["filename"]);
        Assert.True((long)only["bytes"]! > 0);
        Assert.Equal((10, (long)only["bytes"]!), ((int)listed["limits"]!["plots"]!, (long)listed["limits"]!["bytesUsed"]!));
        foreach ((string user, string key) in new[] { (TestServer.Alice, "wrong-key"), (TestServer.Bob, TestServer.BobKey) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/~alice");
            request.Headers.Authorization = TestServer.Basic(user, key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(request)).StatusCode);
        }
    }

    private static HttpRequestMessage Owned(HttpMethod method, string path) =>
        new(method, path) { Headers = { Authorization = TestServer.Basic(TestServer.Alice, TestServer.AliceKey) } };

    private static async Task<JsonObject> ListAsync(TestServer server, string user, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/~" + user);
        request.Headers.Authorization = TestServer.Basic(user, key);
        using HttpResponseMessage response = await server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
}
