using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>Issue 13: "plot numbers are sequential, so 'anyone with the link' means anyone". The link is /p/ID;
/// /~USER/N is the owner's.</summary>
public sealed class ShareLinkTests
{
    [Fact]
    public async Task TheShareLinkServesEverythingAndTheSequentialPathOnlyTheOwner()
    {
        await using TestServer server = await TestServer.StartAsync();
        string link = await server.CreatePlotAsync("shared-token");

        Assert.StartsWith("/p/", link);
        foreach (string suffix in new[] { "", ".json", ".embed" })
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(link + suffix)).StatusCode);
        }

        await using (SseReader viewer = await SseReader.OpenAsync(server.Http, link + "/events"))
        {
            Assert.Equal("figure", (await viewer.NextAsync()).EventType);
        }

        Assert.Contains($"data-plot-path=\"{link}\"", await server.Http.GetStringAsync(link));
        // The streams' state carries the server's wall clock (Unix ms), which the page draws by.
        long asked = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        JsonNode streams = JsonNode.Parse(await server.Http.GetStringAsync(link + "/streams"))!;
        long answered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.IsType<JsonArray>(streams["streams"]);
        Assert.InRange(Assert.IsAssignableFrom<JsonValue>(streams["now"]).GetValue<long>(), asked - 5000, answered + 5000);
        foreach (string path in new[] { "/~alice/0", "/~alice/0.json", "/~alice/0.embed", "/~alice/0/events", "/~alice/1.json" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(server, "/~alice/0.json", TestServer.Bob, TestServer.BobKey)).StatusCode);
        using HttpResponseMessage owner = await GetAsync(server, "/~alice/0.json", TestServer.Alice, TestServer.AliceKey);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal(link, (string?)JsonNode.Parse(await owner.Content.ReadAsStringAsync())!["share"]);
    }

    /// <summary>The owner's /~USER/N page streams from, and gives out, the share link: /~USER/N serves no one else, and
    /// the page's own event stream carries no credentials.</summary>
    [Fact]
    public async Task TheOwnersPageStreamsFromAndSharesTheShareLink()
    {
        await using TestServer server = await TestServer.StartAsync();
        string link = await server.CreatePlotAsync("owner-page-token");
        foreach (string page in new[] { "/~alice/0", "/~alice/0.embed" })
        {
            using HttpResponseMessage owner = await GetAsync(server, page, TestServer.Alice, TestServer.AliceKey);
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            string html = await owner.Content.ReadAsStringAsync();
            Assert.Contains($"data-plot-path=\"{link}\"", html);
            Assert.DoesNotContain("/~alice/0", html);
        }
    }

    [Fact]
    public async Task TheOwnerEditsThroughTheShareLinkWithTheKey()
    {
        await using TestServer server = await TestServer.StartAsync();
        string link = await server.CreatePlotAsync("edit-token");

        using var anonymous = new StringContent("""{"title.text":"stolen"}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.PostAsync(link + "/layout", anonymous)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, link + "/layout") { Content = new StringContent("""{"title.text":"mine"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic(TestServer.Alice, TestServer.AliceKey);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(request)).StatusCode);
        Assert.Equal("mine", (string?)(await server.FigureAsync(link))["layout"]!["title"]!["text"]);
    }

    [Fact]
    public async Task LinksSurviveARestartAndUnknownOnesCountAsGuesses()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            string link;
            await using (TestServer before = await TestServer.StartAsync(dataDirectory: data))
            {
                link = await before.CreatePlotAsync("kept-token");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, StreamServer.Viewer.ShareLinks.SecretFileName)));
                }
            }

            await using TestServer after = await TestServer.StartAsync(dataDirectory: data);
            // Requests to a known link use up nothing: the burst of 10 is all there for the guesses below.
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await after.Http.GetAsync(link + "/streams")).StatusCode);
            }

            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await after.Http.GetAsync($"/p/guess{i:D17}.json")).StatusCode);
            }

            // Once refused, the address is refused a known link too: a 200 among the 429s would tell a guesser which link exists.
            Assert.Equal(HttpStatusCode.TooManyRequests, (await after.Http.GetAsync(link + ".json")).StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // Every /p/ request looks its id up. Adding a plot used to make the next unknown id recompute the id of every plot and
    // deleted plot (an HMAC each, under the lock every lookup took): a million at 1000 users of 1000 plots. A new plot's id
    // is now the one to learn, and an unknown id is a miss. Counted in HMACs, not timed.
    [Fact]
    public void APlotAddedLaterIsLearntAloneAndAnUnknownIdIsAMiss()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        var links = new StreamServer.Viewer.ShareLinks(StreamServer.Viewer.ShareLinks.NewSecret(), plots);
        for (int i = 0; i < 50; i++)
        {
            plots.Save("alice", Definition($"plot {i}"));
        }

        const string Unknown = "AAAAAAAAAAAAAAAAAAAAAA";
        Assert.Null(links.Find(Unknown)); // learns the 50
        Plot added = plots.Save("alice", Definition("added later")).Plot;
        string id = links.PathOf(added)[StreamServer.Viewer.ShareLinks.Prefix.Length..];
        long before = links.Hashes;

        Assert.Same(added, links.Find(id));
        Assert.Equal(1, links.Hashes - before);
        Assert.Null(links.Find(Unknown));
        Assert.False(links.NamesADeletedPlot(Unknown));
        Assert.Equal(1, links.Hashes - before);

        plots.Delete("alice", added.Number);
        Assert.Null(links.Find(id));
        Assert.True(links.NamesADeletedPlot(id));
        Assert.InRange(links.Hashes - before, 1, 2); // at most the deleted plot's id once more
    }

    private static PlotDefinition Definition(string filename) =>
        new(filename, FileOption.New, (JsonArray)JsonNode.Parse("""[{"x":[],"y":[]}]""")!, new JsonObject());

    private static async Task<HttpResponseMessage> GetAsync(TestServer server, string path, string user, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = Basic(user, key);
        return await server.Http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string key) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
}
