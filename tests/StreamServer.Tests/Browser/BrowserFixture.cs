using HeartRateStreamer.BrowserTesting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>One Playwright driver, one <see cref="HeadlessChromium"/> and one stream server for all
/// browser tests. One server and one browser context keep plotly.js (4.8 MB) in the browser's
/// cache after the first page, which matters on a busy 2-core machine.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IBrowserContext Context { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    /// <summary>A new page in the shared context on the server's page at <paramref name="path"/>, once it has drawn the plot.</summary>
    public async Task<IPage> OpenPlotAsync(string path) => await PlotPage.LoadAsync(await Context.NewPageAsync(), new Uri(Server.Host.HttpBaseUrl, path));

    public async Task InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(Playwright);
        Context = await Browser.NewContextAsync();
        Server = await TestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
    }
}
