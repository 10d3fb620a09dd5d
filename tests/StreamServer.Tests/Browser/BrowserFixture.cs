using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>One Playwright driver, one headless Debian Chromium (CHROMIUM_PATH overrides
/// /usr/bin/chromium; Playwright never downloads a browser here) and one stream server for all
/// browser tests. One server and one browser context keep plotly.js (4.8 MB) in the browser's
/// cache after the first page, which matters on a busy 2-core machine.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IBrowserContext Context { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: run 'apt-get install -y chromium' (build/setup.sh does) or set CHROMIUM_PATH.");
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
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
