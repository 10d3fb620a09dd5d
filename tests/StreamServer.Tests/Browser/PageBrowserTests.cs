using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The page around the plot: the edit form's answers, what assistive technology is told, no failed requests.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PageBrowserTests
{
    private const float WaitMilliseconds = PlotPage.WaitMilliseconds;
    private readonly BrowserFixture _browser;

    public PageBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    /// <summary>A key typed with a character outside Latin-1 ("€") made the form's btoa throw: nothing was sent and the
    /// form said nothing. It goes as UTF-8, as the server reads Basic credentials, and the server's answer is shown: the
    /// key is wrong for the owner.</summary>
    [Fact]
    public async Task AKeyWithAnyCharacterIsSentAndAWrongOneIsSaidToBeWrong()
    {
        TestServer server = _browser.Server;
        string plot = await server.CreatePlotAsync("euro-key-token", filename: "euro-key-token");
        await using IPage page = await PlotPage.LoadAsync(await _browser.Context.NewPageAsync(), new Uri(server.Host.HttpBaseUrl, plot));
        await page.ClickAsync("summary");
        await page.FillAsync("#edit-key", "€-not-the-key");
        await page.FillAsync("#edit-title", "not saved");
        await page.ClickAsync("#edit-title-apply");

        await page.WaitForFunctionAsync("() => document.getElementById('edit-result').textContent !== ''", null, new() { Timeout = WaitMilliseconds });
        Assert.Contains("the API key is wrong for 'alice'", await page.TextContentAsync("#edit-result"));
        Assert.Null((await server.FigureAsync(plot))["layout"]!["title"]);
    }
}
