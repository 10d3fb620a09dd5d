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
BenchmarkOptions options = BenchmarkOptions.Parse(args);
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
Console.WriteLine($"{"viewer",-22} {"pages",5} {"fps (min)",12} {"script ms/draw",15} {"layouts/draw",13} {"draw ms p50",12} {"CPU %/page",11}  points");
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
            Console.WriteLine(Measure(name, pageCount, await MeasureAsync(pages, options.Seconds), await pages[0].PointCountsAsync()));
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

static async Task<PageFigures[]> MeasureAsync(List<ViewerPageProbe> pages, double seconds)
{
    double from = await pages[0].NowAsync();
    Dictionary<string, double>[] before = await Task.WhenAll(pages.Select(p => p.MetricsAsync()));
    var wall = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    Dictionary<string, double>[] after = await Task.WhenAll(pages.Select(p => p.MetricsAsync()));
    double elapsed = wall.Elapsed.TotalSeconds;
    double to = await pages[0].NowAsync();
    var figures = new PageFigures[pages.Count];
    for (int i = 0; i < pages.Count; i++)
    {
        double[] draws = await pages[i].DrawTimesAsync(from, to);
        double Delta(string metric) => after[i][metric] - before[i][metric];
        int count = Math.Max(1, draws.Length);
        figures[i] = new PageFigures(
            draws.Length / ((to - from) / 1000),
            1000 * Delta("ScriptDuration") / count,
            Delta("LayoutCount") / count,
            draws.Length == 0 ? double.NaN : draws.Order().ElementAt(draws.Length / 2),
            100 * Delta("TaskDuration") / elapsed);
    }

    return figures;
}

static string Measure(string name, int pageCount, PageFigures[] figures, int[] points) => string.Create(
    CultureInfo.InvariantCulture,
    $"{name,-22} {pageCount,5} {$"{figures.Average(f => f.Fps):0.0} ({figures.Min(f => f.Fps):0.0})",12} {figures.Average(f => f.ScriptMillisecondsPerDraw),15:0.00} {figures.Average(f => f.LayoutsPerDraw),13:0.00} {figures.Average(f => f.DrawMillisecondsMedian),12:0.0} {figures.Average(f => f.CpuPercent),11:0}  {string.Join("+", points)}");

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

internal readonly record struct PageFigures(double Fps, double ScriptMillisecondsPerDraw, double LayoutsPerDraw, double DrawMillisecondsMedian, double CpuPercent);
