using HeartRateStreamer.BrowserTesting;
using Microsoft.Playwright;
namespace HeartRateStreamer.StreamServer.Tests.Browser;
public sealed class ZzTempClusterCheck
{
    [Fact]
    public async Task Shots()
    {
        string? urls = Environment.GetEnvironmentVariable("CHECK_URLS");
        if (urls is null) { return; }
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        var pages = new List<IPage>();
        foreach (string url in urls.Split(' '))
        {
            IPage page = await PlotPage.LoadAsync(await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 800 } }), new Uri(url));
            pages.Add(page);
        }
        await Task.Delay(4000);
        for (int i = 0; i < pages.Count; i++)
        {
            string data = await pages[i].EvaluateAsync<string>("JSON.stringify(document.getElementById('plot').data.map(t => [t.name, t.x.length, t.x[t.x.length-1]]))");
            await File.WriteAllTextAsync($"/tmp/chk-page{i}.txt", data);
            await pages[i].ScreenshotAsync(new() { Path = $"/tmp/chk-page{i}.png" });
        }
    }
}
