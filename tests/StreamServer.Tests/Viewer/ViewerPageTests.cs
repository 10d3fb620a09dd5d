using System.Net;
using HeartRateStreamer.StreamServer.Plots;
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
}
