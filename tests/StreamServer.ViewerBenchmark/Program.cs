using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using HeartRateStreamer.BrowserTesting;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.ViewerBenchmark;
using Microsoft.Playwright;

// dotnet run -c Release --project tests/StreamServer.ViewerBenchmark -- [--pages 1,2,4] [--seconds 8] [--warm-up 3]
//     [--before REF | --no-before] [--no-after] [--screenshots DIR] [--device "--bpm 72"]
// "before" is the viewer.js of git REF (or a file of that name, e.g. a variant being tried) (default: the last commit with the full-redraw viewer), served to the pages in
// place of the server's own; "after" is the server's viewer.js. The browser, the server and the device share the cores.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException wrong)
{
    // A wrong option is the user's to fix: its message and the usage, not a stack trace.
    Console.Error.WriteLine(wrong.Message);
    return 2;
}

var variants = new List<(string Name, string? Script)>();
if (options.BeforeRef != null)
{
    string script = File.Exists(options.BeforeRef) ? File.ReadAllText(options.BeforeRef) : GitShow(options.BeforeRef, "tools/stream-server/wwwroot/viewer.js");
    variants.Add(($"before ({Path.GetFileName(options.BeforeRef)})", script));
}

if (options.After)
{
    variants.Add(("after", null));
}

await using LiveDevice device = await LiveDevice.StartAsync(options.DeviceArguments);
Console.WriteLine($"plot {device.PlotUrl}; {Environment.ProcessorCount} cores, load average {LoadAverage()}");
await WaitUntilFullAsync(device.PlotUrl);

using IPlaywright playwright = await Playwright.CreateAsync();
await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
ICDPSession browserDevTools = await browser.NewBrowserCDPSessionAsync();
Console.WriteLine(Legend);
Console.WriteLine(Heading);
foreach ((string name, string? script) in variants)
{
    foreach (int pageCount in options.PageCounts)
    {
        var pages = new List<ViewerPageProbe>();
        try
        {
            for (int i = 0; i < pageCount; i++)
            {
                pages.Add(await ViewerPageProbe.OpenAsync(browser, device.PlotUrl, script));
            }

            await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds));
            Console.WriteLine(Measure(name, pageCount, await MeasureAsync(pages, browserDevTools, options.Seconds), await pages[0].PointCountsAsync()));
            if (options.ScreenshotDirectory != null)
            {
                Directory.CreateDirectory(options.ScreenshotDirectory);
                await pages[^1].ScreenshotAsync(Path.Combine(options.ScreenshotDirectory, $"{new string(name.Where(char.IsLetterOrDigit).ToArray())}-{pageCount}-pages.png"));
            }
        }
        finally
        {
            foreach (ViewerPageProbe page in pages)
            {
                await page.DisposeAsync();
            }
        }
    }
}

return 0;

static async Task<Measurement> MeasureAsync(List<ViewerPageProbe> pages, ICDPSession browserDevTools, double seconds)
{
    double from = await pages[0].NowAsync();
    Dictionary<string, double>[] before = await Task.WhenAll(pages.Select(p => p.MetricsAsync()));
    double browserBefore = await BrowserCpuSecondsAsync(browserDevTools);
    string loadBefore = LoadAverage();
    var wall = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    Dictionary<string, double>[] after = await Task.WhenAll(pages.Select(p => p.MetricsAsync()));
    double browserAfter = await BrowserCpuSecondsAsync(browserDevTools);
    double elapsed = wall.Elapsed.TotalSeconds;
    double to = await pages[0].NowAsync();
    var figures = new PageFigures[pages.Count];
    for (int i = 0; i < pages.Count; i++)
    {
        double[] draws = await pages[i].DrawTimesAsync(from, to);
        double Delta(string metric) => after[i][metric] - before[i][metric];
        int count = Math.Max(1, draws.Length);
        double script = Delta("ScriptDuration"), style = Delta("RecalcStyleDuration"), layout = Delta("LayoutDuration");
        figures[i] = new PageFigures(
            draws.Length / ((to - from) / 1000),
            1000 * script / count,
            1000 * style / count,
            1000 * layout / count,
            1000 * (Delta("TaskDuration") - script - style - layout) / count,
            Delta("LayoutCount") / count,
            draws.Length == 0 ? double.NaN : draws.Order().ElementAt(draws.Length / 2),
            1000 * Delta("ThreadTime") / count,
            1000 * Delta("ProcessTime") / count);
    }

    double allDraws = figures.Sum(f => f.Fps) * (to - from) / 1000;
    return new Measurement(figures, 1000 * (browserAfter - browserBefore) / Math.Max(1, allDraws), 100 * (browserAfter - browserBefore) / elapsed, $"{loadBefore}-{LoadAverage()}");
}

// CPU time of every Chromium process so far (renderers, GPU/compositor, network, browser), from SystemInfo.getProcessInfo.
static async Task<double> BrowserCpuSecondsAsync(ICDPSession browserDevTools)
{
    System.Text.Json.JsonElement? answer = await browserDevTools.SendAsync("SystemInfo.getProcessInfo");
    return answer!.Value.GetProperty("processInfo").EnumerateArray().Sum(p => p.GetProperty("cpuTime").GetDouble());
}

static string Measure(string name, int pageCount, Measurement measurement, int[] points)
{
    PageFigures[] figures = measurement.Pages;
    return string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-22} {pageCount,5} {$"{figures.Average(f => f.Fps):0.0} ({figures.Min(f => f.Fps):0.0})",12} {figures.Average(f => f.ScriptMillisecondsPerDraw),7:0.00} {figures.Average(f => f.StyleMillisecondsPerDraw),6:0.00} {figures.Average(f => f.LayoutMillisecondsPerDraw),7:0.00} {figures.Average(f => f.OtherMillisecondsPerDraw),6:0.00} {figures.Average(f => f.LayoutsPerDraw),8:0.00} {figures.Average(f => f.DrawMillisecondsMedian),8:0.0} {figures.Average(f => f.MainThreadCpuMillisecondsPerDraw),6:0.0} {figures.Average(f => f.RendererCpuMillisecondsPerDraw),6:0.0} {measurement.BrowserCpuMillisecondsPerDraw,6:0.0} {measurement.BrowserPercent,7:0}  {measurement.Load,-11} {string.Join("+", points)}");
}

// The demo figure is measured full: the pulse trace holds its window (server.maxPoints, 500 by default) after 25 s.
static async Task WaitUntilFullAsync(string plotUrl)
{
    using var http = new HttpClient();
    var waited = Stopwatch.StartNew();
    while (waited.Elapsed < TimeSpan.FromSeconds(60))
    {
        JsonNode figure = JsonNode.Parse(await http.GetStringAsync(plotUrl + ".json"))!;
        if (figure["data"]![0]!["x"]!.AsArray().Count >= DeviceSettings.DefaultMaxPoints)
        {
            return;
        }

        await Task.Delay(1000);
    }

    Console.WriteLine("the pulse trace did not fill its window within 60 s: measuring it as it is");
}

static string GitShow(string reference, string path)
{
    using Process git = Process.Start(new ProcessStartInfo("git", ["show", reference + ":" + path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    string text = git.StandardOutput.ReadToEnd();
    string error = git.StandardError.ReadToEnd();
    git.WaitForExit();
    if (git.ExitCode != 0)
    {
        throw new InvalidOperationException($"git show {reference}:{path} failed ({error.Trim()}): run from the repository's checkout, give another --before REF, or --no-before.");
    }

    return text;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

internal readonly record struct PageFigures(
    double Fps,
    double ScriptMillisecondsPerDraw,
    double StyleMillisecondsPerDraw,
    double LayoutMillisecondsPerDraw,
    double OtherMillisecondsPerDraw,
    double LayoutsPerDraw,
    double DrawMillisecondsMedian,
    double MainThreadCpuMillisecondsPerDraw,
    double RendererCpuMillisecondsPerDraw);

internal readonly record struct Measurement(PageFigures[] Pages, double BrowserCpuMillisecondsPerDraw, double BrowserPercent, string Load);

internal partial class Program
{
    // Printed above the table, so a run explains itself.
    private const string Legend = """
        Averaged over the pages (fps: the slowest page in parentheses). Per draw: a page's counters over the draws it made
        (CDP Performance.getMetrics). Wall time of the renderer's main thread (grows when the machine is busy): script
        (ScriptDuration: script called from tasks, e.g. parsing events; not what runs in promise continuations, where
        plotly.js draws a frame), style (RecalcStyle), layout, other (the rest of its tasks: that script, paint, commits).
        CPU time, which load does not inflate: main (the renderer's main thread, ThreadTime), renderer (its whole process,
        raster threads too, ProcessTime), browser (every Chromium process together: renderers, GPU/compositor, browser;
        CDP SystemInfo.getProcessInfo) over all pages' draws; browser %: that CPU as % of one core. layouts/draw: 1 is the
        browser frame's own; draw p50: the page's own timing of a draw. load: /proc/loadavg's 1-minute figure before-after
        (runnable processes; above 2 the machine's 2 cores are shared with others, and fps falls with the CPU left).
        """;

    private static readonly string Heading =
        $"{"",-22} {"",5} {"",12} {"---- wall ms/draw ----",30} {"layouts",8} {"draw",8} {"-- CPU ms/draw --",20} {"browser",7}\n"
        + $"{"viewer",-22} {"pages",5} {"fps (min)",12} {"script",7} {"style",6} {"layout",7} {"other",6} {"/draw",8} {"p50 ms",8} {"main",6} {"render",6} {"browsr",6} {"% core",7}  {"load",-11} points";
}
