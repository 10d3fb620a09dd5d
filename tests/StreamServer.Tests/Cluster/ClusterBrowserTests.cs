using HeartRateStreamer.BrowserTesting;
using HeartRateStreamer.StreamServer.Tests.Browser;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>Issue 17's check "two browsers on two nodes show the same plot": real Chromium pages, one on each node of a
/// cluster on real Redis and PostgreSQL, the device on one node, the owner's edit made on the other node's page.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ClusterBrowserTests(PostgresServer postgres)
{
    private const float WaitMilliseconds = PlotPage.WaitMilliseconds;

    [Fact]
    public async Task Browsers_on_two_nodes_show_the_same_plot_and_the_owners_edit()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        string link = await nodes.A.CreatePlotAsync(Token);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IPage onA = await OpenAsync(browser, nodes.A, link);
        IPage onB = await OpenAsync(browser, nodes.B, link);

        await using RawConnection device = await ConnectAsync(nodes.B.Port);
        const int Points = 20;
        for (int x = 1; x <= Points; x++)
        {
            await SendPointAsync(device, x);
            await Task.Delay(100);
        }

        await EndWith200Async(device);
        string[] shown = new string[2];
        foreach ((IPage page, int i) in new[] { (onA, 0), (onB, 1) })
        {
            await page.WaitForFunctionAsync($"() => document.getElementById('plot').data[0].x.length === {Points}", null, new() { Timeout = WaitMilliseconds });
            shown[i] = await page.EvaluateAsync<string>("JSON.stringify([document.getElementById('plot').data[0].x, document.getElementById('plot').data[0].y])");
        }

        Assert.Equal(shown[0], shown[1]);
        Assert.Equal($"[[{string.Join(",", Enumerable.Range(1, Points))}],[{string.Join(",", Enumerable.Range(1, Points).Select(x => x * 2))}]]", shown[0]);

        // The owner retitles the plot on node B's page; node A's page follows, its data untouched.
        await onB.ClickAsync("summary");
        await onB.FillAsync("#edit-key", TestServer.AliceKey);
        await onB.FillAsync("#edit-title", "Heart rate on two nodes");
        await onB.ClickAsync("#edit-title-apply");
        foreach (IPage page in new[] { onA, onB })
        {
            await page.WaitForFunctionAsync("() => document.querySelector('.gtitle')?.textContent === 'Heart rate on two nodes'", null, new() { Timeout = WaitMilliseconds });
        }

        Assert.Equal(Points, await onA.EvaluateAsync<int>("document.getElementById('plot').data[0].x.length"));
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, TestServer node, string link) =>
        await PlotPage.LoadAsync(await browser.NewPageAsync(), new Uri(node.Host.HttpBaseUrl, link));
}
