using Microsoft.Playwright;

namespace HeartRateStreamer.BrowserTesting;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright. Playwright's own browser download is never used: the test
/// setup (build/setup.sh) installs the distribution's package, and CHROMIUM_PATH points elsewhere when needed.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>Where Chromium is looked for: CHROMIUM_PATH, else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Starts the browser; says how to install it when it is missing. <paramref name="fullBrowser"/>: Chromium's
    /// new headless mode, the whole browser without a window, which asks for what a windowed one asks for (a favicon),
    /// where the default headless shell does not.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, bool fullBrowser = false)
    {
        string executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: run 'bash build/setup.sh' (it installs Debian's chromium) or set CHROMIUM_PATH.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = !fullBrowser,
            // No sandbox (containers and CI runners lack the namespaces) and nothing that reaches the internet on
            // its own: the tests measure the viewer, not background updates. Without a GPU it renders in software.
            Args = [.. (fullBrowser ? ["--headless=new"] : Array.Empty<string>()), "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}
