using System.Net;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

public sealed class ViewerPageTests
{
    [Fact]
    public async Task PageEncodesTheFilenameAndCarriesNoKeyNorToken()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("secret-token", filename: "<script>alert(1)</script>");

        using HttpResponseMessage response = await server.Http.GetAsync(plot);
        string html = await response.Content.ReadAsStringAsync();
        string figure = await server.Http.GetStringAsync(plot + ".json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        foreach (string text in new[] { html, figure })
        {
            Assert.DoesNotContain(TestServer.AliceKey, text);
            Assert.DoesNotContain("secret-token", text);
        }
    }

    [Fact]
    public async Task EmbeddablePageMayBeFramedAnywhere()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("embed-stream-token");

        using HttpResponseMessage response = await server.Http.GetAsync(plot + ".embed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("edit-form", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page draws on the lines of the server's frame grid, which it is told, not a number of its own.</summary>
    [Fact]
    public async Task BothPagesCarryTheServersFrameGrid()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("grid-stream-token");

        foreach (string suffix in new[] { "", ".embed" })
        {
            Assert.Contains($"data-grid-ms=\"{Plot.FrameIntervalMilliseconds}\"", await server.Http.GetStringAsync(plot + suffix));
        }
    }

    /// <summary>After an upgrade a page must not run the old viewer.js (cached an hour before) against its new HTML: the page
    /// links each asset by an address with its content's hash, cached for good; the plain address is checked every time.</summary>
    [Fact]
    public async Task ThePageLinksAssetsByContentHashAndOnlyThoseAreCachedLong()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("asset-stream-token");
        string page = await server.Http.GetStringAsync(plot);

        foreach (string name in new[] { "viewer.js", "viewer.css", "plotly.min.js" })
        {
            System.Text.RegularExpressions.Match link = System.Text.RegularExpressions.Regex.Match(page, $"\"(/static/{System.Text.RegularExpressions.Regex.Escape(name)}\\?v=([0-9a-f]{{16}}))\"");
            Assert.True(link.Success, $"{name} is linked by a versioned address: {page}");

            using HttpResponseMessage versioned = await server.Http.GetAsync(link.Groups[1].Value);
            using HttpResponseMessage plain = await server.Http.GetAsync("/static/" + name);
            using HttpResponseMessage stale = await server.Http.GetAsync($"/static/{name}?v=0000000000000000");
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl!.ToString());
            Assert.Equal("no-cache", plain.Headers.CacheControl!.ToString());
            // Another version's hash (a newer node's page asking this node, in a cluster upgraded node by node): this node's
            // bytes, which no cache may keep under that address.
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Equal("no-store", stale.Headers.CacheControl!.ToString());
            byte[] bytes = await plain.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes, await versioned.Content.ReadAsByteArrayAsync());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16], link.Groups[2].Value);

            // The plain address is revalidated: the content's tag answers 304 while the bytes are the same.
            Assert.Equal($"\"{link.Groups[2].Value}\"", plain.Headers.ETag!.Tag);
            using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/static/" + name);
            revalidate.Headers.IfNoneMatch.Add(plain.Headers.ETag);
            using HttpResponseMessage notModified = await server.Http.SendAsync(revalidate);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
    }

    [Fact]
    public async Task PlotlyIsServedFromTheNpmPackage()
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await server.Http.GetAsync("/static/plotly.min.js");
        string script = await response.Content.ReadAsStringAsync();

        // The strict bundle (no eval, so it runs under the page's Content-Security-Policy), at the version package.json names.
        string packageJson = await File.ReadAllTextAsync(Path.Combine(TestProject.Directory, "..", "..", "tools", "stream-server", "package.json"));
        string version = (string)System.Text.Json.Nodes.JsonNode.Parse(packageJson)!["dependencies"]!["plotly.js-strict-dist-min"]!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"plotly.js (strict - minified) v{version}", script[..Math.Min(script.Length, 2000)]);
        Assert.True(script.Length > 1_000_000, "the whole bundle");
    }

    [Theory]
    [InlineData("/~alice/99")]
    [InlineData("/~nobody/0.json")]
    [InlineData("/~alice/99/events")]
    public async Task UnknownPlotsAre404(string path)
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await server.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // A walk-through found a browser opening a mistyped or deleted link shown a line of JSON. A page load (Accept: text/html)
    // gets a page that says what happened and what to do; programs (fetch, EventSource, curl) keep the JSON they parse.
    [Fact]
    public async Task ABrowserOpeningAPlotThatIsNotThereGetsAPageAndProgramsKeepTheJson()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.GuessBurst = 100); // each unknown link is a guess
        string deleted = await server.CreatePlotAsync("deleted-stream-token");
        Assert.Equal(HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(deleted))).StatusCode);

        foreach ((string path, HttpStatusCode status, string title, string whatToDo) in new[]
        {
            ("/p/no-such-plot-id", HttpStatusCode.NotFound, "No such plot", "Check that the whole link was copied"),
            ("/p/no-such-plot-id.embed", HttpStatusCode.NotFound, "No such plot", "Check that the whole link was copied"),
            (deleted, HttpStatusCode.Gone, "This plot was deleted", "Ask the person who gave you the link"),
            (deleted + ".embed", HttpStatusCode.Gone, "This plot was deleted", "Ask the person who gave you the link"),
            ("/~alice/99", HttpStatusCode.NotFound, "No such plot", "A browser sees a plot by its share link"),
            ("/~alice/99.embed", HttpStatusCode.NotFound, "No such plot", "A browser sees a plot by its share link"),
        })
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, path);
            page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"); // as a browser navigates
            using HttpResponseMessage html = await server.Http.SendAsync(page);
            string body = await html.Content.ReadAsStringAsync();
            Assert.Equal(status, html.StatusCode);
            Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"<h1>{title}</h1>", body);
            Assert.Contains(whatToDo, body);
            Assert.Equal("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single());
            // One address, two answers by Accept: a cache must key on it (a review found no Vary), and keep neither.
            Assert.Equal(["Accept"], html.Headers.Vary);

            foreach (string accept in new[] { "*/*", "text/event-stream", "application/json" })
            {
                using var program = new HttpRequestMessage(HttpMethod.Get, path);
                program.Headers.Accept.ParseAdd(accept);
                using HttpResponseMessage json = await server.Http.SendAsync(program);
                Assert.Equal(status, json.StatusCode);
                Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("{\"error\":", await json.Content.ReadAsStringAsync());
                Assert.Equal(["Accept"], json.Headers.Vary);
                Assert.True(json.Headers.CacheControl?.NoCache, path);
            }
        }
    }

    [Fact]
    public async Task ABrowserRefusedForTooManyUnknownLinksIsToldHowLongToWait()
    {
        await using TestServer server = await TestServer.StartAsync(options => (options.GuessBurst, options.GuessRefillSeconds) = (1, 3600));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/p/first-unknown-id")).StatusCode); // the one guess

        using var page = new HttpRequestMessage(HttpMethod.Get, "/p/second-unknown-id");
        page.Headers.Accept.ParseAdd("text/html");
        using HttpResponseMessage html = await server.Http.SendAsync(page);
        using HttpResponseMessage json = await server.Http.GetAsync("/p/third-unknown-id");

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (html.StatusCode, json.StatusCode));
        string body = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Too many unknown links</h1>", body);
        Assert.Contains("Wait 60 minutes, then open the link again", body); // "Wait 3600 seconds" was a sum for the reader
        Assert.NotNull(html.Headers.RetryAfter);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    // A review found a browser that came by a share link to a plot deleted on the way (after the share link found it,
    // before the page did) told that /~USER/N serves only programs: it is told what a deleted plot's share link says.
    // The share link's own step, then the owner's delete and the page's answer as the page's step.
    [Fact]
    public async Task AShareLinkWhosePlotIsDeletedOnTheWayIsToldItWasDeleted()
    {
        using var plots = new PlotRegistry(50, IPlotChangeListener.None);
        Plot plot = plots.Save("alice", new PlotDefinition("runs", FileOption.Overwrite, new JsonArray(new JsonObject { ["y"] = new JsonArray() }), new JsonObject())).Plot;
        var links = new ShareLinks(ShareLinks.NewSecret(), plots);
        var guesses = new FailureRateLimiter("unknown links", 10, TimeSpan.FromSeconds(2), NullLogger.Instance);
        await using ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Path = links.PathOf(plot);
        context.Request.Headers.Accept = "text/html";
        context.Response.Body = new MemoryStream();

        await ShareLinkMiddleware.InvokeAsync(context, () =>
        {
            plots.Delete("alice", plot.Number);
            return ViewerEndpoints.NoSuchPlot(context, "alice", plot.Number).ExecuteAsync(context);
        }, links, guesses);

        Assert.Equal(StatusCodes.Status410Gone, context.Response.StatusCode);
        string body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Contains("<h1>This plot was deleted</h1>", body);
        Assert.Contains("Ask the person who gave you the link", body);
        Assert.DoesNotContain("serves only programs", body);
    }
}
