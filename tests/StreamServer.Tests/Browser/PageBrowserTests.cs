using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The page around the plot: the edit form's answers, what assistive technology is told, no failed requests.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PageBrowserTests(BrowserFixture browser)
{
    /// <summary>A key typed with a character outside Latin-1 ("€") made the form's btoa throw: nothing was sent and the
    /// form said nothing. It goes as UTF-8, as the server reads Basic credentials, and the server's answer is shown: the
    /// key is wrong for the owner.</summary>
    [Fact]
    public async Task AKeyWithAnyCharacterIsSentAndAWrongOneIsSaidToBeWrong()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("euro-key-token", filename: "euro-key-token");
        await using IPage page = await browser.OpenPlotAsync(plot);
        await page.ClickAsync("summary");
        await page.FillAsync("#edit-key", "€-not-the-key");
        await page.FillAsync("#edit-title", "not saved");
        await page.ClickAsync("#edit-title-apply");

        await page.WaitForFunctionAsync("() => document.getElementById('edit-result').textContent !== ''", null, new() { Timeout = WaitMilliseconds });
        Assert.Contains("the API key is wrong for 'alice'", await page.TextContentAsync("#edit-result"));
        Assert.Null((await server.FigureAsync(plot))["layout"]!["title"]);
    }

    /// <summary>What a screen reader finds: the stream's state as a live status ("reconnecting", "plot deleted" are
    /// announced), the plot as a named region, the share link and embed code as labelled fields, and the pulse readout's
    /// heart as an image named "pulse" (it was a bare "♥").</summary>
    [Fact]
    public async Task ThePageTellsAssistiveTechnologyWhatItShows()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[],"y":[],"name":"Pulse","mode":"lines","meta":{"waveform":true},"stream":{"token":"accessible-wave-token","maxpoints":500}}]""",
            """{"filename":"accessible plot","fileopt":"overwrite"}""");
        Assert.Equal("", (string?)reply["error"]);
        await using IPage page = await browser.OpenPlotAsync(new Uri((string)reply["url"]!).AbsolutePath);
        await using RawConnection wave = await RawConnection.OpenAsync(server.Port);
        await wave.SendAsync(StreamHead("accessible-wave-token"));
        for (int x = 1; x <= 5; x++)
        {
            await wave.SendAsync(Chunk($"{{\"x\":{x},\"y\":{500 + (x % 3)}}}\n"));
        }

        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 5)", null, new() { Timeout = WaitMilliseconds });
        await page.ClickAsync("summary");

        Assert.Equal("status", await page.GetAttributeAsync("#status", "role"));
        Assert.Equal("polite", await page.GetAttributeAsync("#status", "aria-live"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Main, new() { Name = "accessible plot", Exact = false }).CountAsync());
        Assert.Equal("share-link", await page.GetByLabel("Share link").GetAttributeAsync("id"));
        Assert.Equal("embed-code", await page.GetByLabel("Embed code").GetAttributeAsync("id"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Img, new() { Name = "pulse", Exact = true }).CountAsync());
        await wave.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await wave.ReadToEndAsync()).Status);
    }

    /// <summary>The embeddable page (a wall screen of plots, a plot in someone's site) had no status: a lost server or a
    /// deleted plot showed only as dimmed readouts, and nothing said so in words. It has the page's live status.</summary>
    [Fact]
    public async Task TheEmbeddablePageSaysInWordsThatItsPlotWasDeleted()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("embed-status-token", filename: "embed-status-token");
        await using IPage page = await browser.OpenPlotAsync(plot + ".embed");
        ILocator status = page.GetByRole(AriaRole.Status);
        Assert.Equal(1, await status.CountAsync());
        Assert.Equal("polite", await status.GetAttributeAsync("aria-live"));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(plot))).StatusCode);
        await page.WaitForFunctionAsync("() => window.streamViewer.state === 'plot deleted'", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("plot deleted", await status.TextContentAsync());
        Assert.True(await status.IsVisibleAsync());
    }

    /// <summary>Every load asked for /favicon.ico, which the server does not serve: a 404 in the console each time. The
    /// collection's browser fetches no icons at all (Playwright's headless mode), so this test starts Chromium's own
    /// headless mode, which fetches them as a browser with a window does.</summary>
    [Fact]
    public async Task APageLoadAsksForNothingTheServerDoesNotHave()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("favicon-token", filename: "favicon-token");
        // The full browser, as a visitor's: the default headless shell never asks for a favicon.
        await using IBrowser fullBrowser = await HeartRateStreamer.BrowserTesting.HeadlessChromium.LaunchAsync(browser.Playwright, fullBrowser: true);
        await using IPage page = await fullBrowser.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failed)
                {
                    failed.Add(response.Status + " " + response.Url);
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (failed)
                {
                    failed.Add("console: " + message.Text);
                }
            }
        };
        foreach (string address in new[] { plot, plot + ".embed" })
        {
            await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, address));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        lock (failed)
        {
            Assert.True(failed.Count == 0, "failed: " + string.Join("; ", failed));
        }
    }
}
