using System.Globalization;
using System.Text.Json;
using HeartRateStreamer.BrowserTesting;
using HeartRateStreamer.VirtualDevice.Board;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The stream server's browser check, fed by the virtual device instead of a raw client: the firmware's own device on
/// a virtual board creates its plot and streams its three traces in real time to the embedded server (as the default
/// command starts it) while two viewers, each in its own headless Chromium window, show the plot. Whatever either page
/// has drawn, the other must show within 200 ms. The page's large readouts show what the device measures, and say so
/// when it measures nothing. Each test saves its pages in artifacts/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LiveViewerTests(RealTimeEmbeddedServer server, ITestOutputHelper output) : IClassFixture<RealTimeEmbeddedServer>
{
    // A page that has just opened runs plotly.js cold (V8 compiles it as it goes) and draws slowly for a moment;
    // the check is the live steady state, measured for 8 s from 2 s after both pages are open.
    private const int WarmUpMilliseconds = 2_000;
    private const int StreamMilliseconds = 8_000;
    private const float PageTimeoutMilliseconds = 30_000;
    private const double MaximumApartMilliseconds = 200;

    // The device's plot: pulse, heart rate, SpO2 (PlotLayout); its synthetic finger beats at the scene's default rate.
    private const int PulseTrace = 0;
    private const int HeartRateTrace = 1;
    private static readonly double SyntheticBeatsPerMinute = new SensorScene().BeatsPerMinute;

    // The heart-rate readout is compared with the server's figure every half second for up to 30 s (the estimator
    // needs a few beats before its first reading).
    private const int ReadoutAttempts = 60;
    private const int ReadoutPollMilliseconds = 500;

    // The server sends up to 20 frames a second; a viewer draws 10 or 20 a second (wwwroot/viewer.js).
    private const int MinimumFramesCompared = 40;

    [Fact]
    public async Task TwoViewersShowWhatTheDeviceStreamsWithin200MillisecondsOfEachOther()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        using var device = new RealTimeDevice(server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority), server.Key);
        string plotUrl = await device.PlotUrl;
        Assert.False(plotUrl.Length == 0, "the device did not create its plot at start-up");

        // As the README has it: the device streams, then the link is opened in two windows (two pages of one window
        // would be a foreground and a background tab). Each page first draws the window it joins.
        IPage first = await OpenAsync(browser, plotUrl);
        IPage second = await OpenAsync(browser, plotUrl);
        await Task.Delay(WarmUpMilliseconds);
        double measuredFrom = await first.EvaluateAsync<double>("Date.now()");
        await Task.Delay(StreamMilliseconds);
        (int exitCode, string log) = await device.StopAsync();
        Assert.True(exitCode == 0, $"the device's loop ended with exit code {exitCode}:\n{log}");
        string lastEventId = await first.EvaluateAsync<string>("window.streamViewer.lastEventId");
        await Task.WhenAll(WaitUntilDrawnAsync(first, lastEventId), WaitUntilDrawnAsync(second, lastEventId));

        Drawing[] firstDrawings = await DrawingsAsync(first, measuredFrom);
        Drawing[] secondDrawings = await DrawingsAsync(second, measuredFrom);
        // Up to the last frame both pages have drawn: the device's final frames may still be on their way to one of them.
        long lastCommon = Math.Min(firstDrawings.Max(d => d.Sequence), secondDrawings.Max(d => d.Sequence));
        long[] frames = firstDrawings.Concat(secondDrawings).Select(d => d.Sequence).Where(s => s <= lastCommon).Distinct().Order().ToArray();
        Assert.True(
            frames.Length >= MinimumFramesCompared,
            $"expected the pages to draw at least {MinimumFramesCompared} of the device's frames in {StreamMilliseconds} ms, got {frames.Length}; device log:\n{log}");
        (long Frame, double Apart)[] apart = frames
            .Select(frame => (Frame: frame, Apart: Math.Abs(ShownAt(firstDrawings, frame) - ShownAt(secondDrawings, frame))))
            .ToArray();
        // The margin, for the README's figures: the worst frame and the draws per second.
        output.WriteLine($"{frames.Length} frames compared, worst {apart.Max(f => f.Apart):0} ms apart; {firstDrawings.Length / (StreamMilliseconds / 1000.0):0.0} and {secondDrawings.Length / (StreamMilliseconds / 1000.0):0.0} draws/s");
        string[] late = apart
            .Where(f => f.Apart > MaximumApartMilliseconds)
            .Select(f => $"frame {f.Frame}: {f.Apart:0} ms")
            .ToArray();
        Assert.True(
            late.Length == 0,
            $"{late.Length} of {frames.Length} frames appeared more than {MaximumApartMilliseconds} ms apart on the two pages: {string.Join(", ", late)}"
            + $"\nfirst page (frame@ms, draw ms): {Timeline(firstDrawings, measuredFrom)}\nsecond page: {Timeline(secondDrawings, measuredFrom)}");

        // The page draws the pulse wave on a canvas over its row (viewer.js): the canvas shows the points, in ink.
        foreach (IPage page in new[] { first, second })
        {
            int pulsePoints = await page.EvaluateAsync<int>($"window.streamViewer.wavePoints[{PulseTrace}] ?? 0");
            Assert.True(pulsePoints > 100, $"the pulse trace shows {pulsePoints} points after {StreamMilliseconds} ms of streaming");
            int inkedPixels = await page.EvaluateAsync<int>("""
                () => {
                    const canvas = document.querySelector('#plot canvas.wave');
                    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                    let inked = 0;
                    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) inked++; }
                    return inked;
                }
                """);
            Assert.True(inkedPixels > 1000, $"the pulse row's canvas has {inkedPixels} drawn pixels: the wave is not drawn");
        }

        // The window shrinks after the stream ended: plotly.js lays the plot out again, and the canvas follows its row.
        await first.SetViewportSizeAsync(900, 600);
        await first.WaitForFunctionAsync("""
            () => {
                const canvas = document.querySelector('#plot canvas.wave').getBoundingClientRect();
                return canvas.width < 800 && Array.from(document.querySelectorAll('#plot .nsewdrag'), e => e.getBoundingClientRect()).some(area =>
                    Math.abs(area.left - canvas.left) < 1 && Math.abs(area.top - canvas.top) < 1 && Math.abs(area.width - canvas.width) < 1 && Math.abs(area.height - canvas.height) < 1);
            }
            """);
        await Screenshots.SaveAsync(first, "live-viewer-first-window");
        await Screenshots.SaveAsync(second, "live-viewer-second-window");
    }

    [Fact]
    public async Task TheHeartRateReadoutShowsTheValueTheDeviceSent()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        using var device = new RealTimeDevice(server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority), server.Key);
        string plotUrl = await device.PlotUrl;
        Assert.False(plotUrl.Length == 0, "the device did not create its plot at start-up");
        IPage page = await OpenAsync(browser, plotUrl);

        // The device sends its heart rate when it changes (null, "no reading", until it has one); the readout shows the
        // newest the server holds, which the device may change between the two looks: the check is that they meet on a
        // reading, within the wait.
        using var http = new HttpClient();
        string shown = "";
        double sent = double.NaN;
        for (int attempt = 0; attempt < ReadoutAttempts && !(!double.IsNaN(sent) && shown == Format(sent)); attempt++)
        {
            await Task.Delay(ReadoutPollMilliseconds);
            sent = PlotJson.Trace(await http.GetStringAsync(plotUrl + ".json"), HeartRateTrace).Y.LastOrDefault(double.NaN);
            shown = await ReadoutAsync(page, HeartRateTrace, ".readout-value");
        }

        // While the device streams, the header says so and the pulse readout's heart lights and goes dark again with the wave.
        await page.WaitForFunctionAsync("() => document.getElementById('status').dataset.state === 'live'");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#readouts .readout')[{PulseTrace}].classList.contains('beat')");
        await page.WaitForFunctionAsync($"() => !document.querySelectorAll('#readouts .readout')[{PulseTrace}].classList.contains('beat')");
        await Screenshots.SaveAsync(page, "readout-heart-rate");
        (int exitCode, string log) = await device.StopAsync();
        Assert.True(shown == Format(sent), $"the heart-rate readout shows '{shown}', the device last sent {sent}; device log:\n{log}");
        Assert.InRange(sent, SyntheticBeatsPerMinute - 5, SyntheticBeatsPerMinute + 5);
        Assert.Equal("bpm", await ReadoutAsync(page, HeartRateTrace, ".readout-unit"));
        Assert.Equal("Heart rate", await ReadoutAsync(page, HeartRateTrace, ".readout-name"));

        // The pulse wave's latest sample is no reading: the figure marks the trace as a waveform, and its readout is a
        // heart that lights on the wave's upstroke, never a raw count.
        Assert.Equal("\u2665", await ReadoutAsync(page, PulseTrace, ".readout-value"));
        Assert.Equal("", await ReadoutAsync(page, PulseTrace, ".readout-unit"));
        Assert.Equal("Pulse", await ReadoutAsync(page, PulseTrace, ".readout-name"));
        Assert.True(await page.EvaluateAsync<bool>($"document.querySelectorAll('#readouts .readout')[{PulseTrace}].classList.contains('waveform')"));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task WithoutAFingerTheReadoutsSayNoReadingAndTheStreamSendsHeartbeatsOnly()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        using var device = new RealTimeDevice(server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority), server.Key, new SensorScene { NoFinger = true });
        string plotUrl = await device.PlotUrl;
        Assert.False(plotUrl.Length == 0, "the device did not create its plot at start-up");
        IPage page = await OpenAsync(browser, plotUrl);

        // The page tells "heartbeat only" from two looks at the streams' counters a few seconds apart.
        await page.WaitForFunctionAsync("() => document.getElementById('status').dataset.state === 'heartbeat only'");
        string[] readouts = await page.EvaluateAsync<string[]>("Array.from(document.querySelectorAll('#readouts .readout-value'), e => e.textContent)");
        await Screenshots.SaveAsync(page, "readout-no-finger");
        (int exitCode, string log) = await device.StopAsync();
        Assert.True(readouts.Length == 3 && readouts.All(r => r == "no reading"), $"without a finger every readout should say 'no reading', they say: {string.Join(", ", readouts)}");
        Assert.True(await page.EvaluateAsync<bool>($"document.querySelectorAll('#readouts .readout')[{HeartRateTrace}].classList.contains('no-reading')"));
        using var http = new HttpClient();
        PlotJson heartRate = PlotJson.Trace(await http.GetStringAsync(plotUrl + ".json"), HeartRateTrace);
        Assert.True(heartRate.Y.All(double.IsNaN), $"the device sent heart rates without a finger: {string.Join(", ", heartRate.Y)}");
        Assert.True(exitCode == 0, log);
    }

    private static Task<string> ReadoutAsync(IPage page, int trace, string part) =>
        page.EvaluateAsync<string>($"document.querySelectorAll('#readouts .readout')[{trace}].querySelector('{part}').textContent");

    // As the page writes a whole reading.
    private static string Format(double value) => double.IsNaN(value) ? "no reading" : value.ToString("0", CultureInfo.InvariantCulture);

    private static async Task<IPage> OpenAsync(IBrowser browser, string url)
    {
        IBrowserContext window = await browser.NewContextAsync();
        IPage page = await window.NewPageAsync();
        page.SetDefaultTimeout(PageTimeoutMilliseconds);
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.streamViewer && window.streamViewer.renders.length > 0");
        return page;
    }

    // Drawn it or a newer frame: a page that gets the device's last frames together draws only the newest.
    private static Task WaitUntilDrawnAsync(IPage page, string eventId) => page.WaitForFunctionAsync(
        "sequence => window.streamViewer.renders.some(r => r.lastEventId && Number(r.lastEventId.split('-').pop()) >= sequence)",
        EventSequence(eventId));

    /// <summary>When a page first showed a frame: its first drawing of that frame or a later one (a busy page skips frames).</summary>
    private static double ShownAt(Drawing[] drawings, long frame) =>
        drawings.Where(d => d.Sequence >= frame).Select(d => d.At).DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>Each finished drawing since <paramref name="notBefore"/>: the newest event it showed and when (both pages share the clock).</summary>
    private static async Task<Drawing[]> DrawingsAsync(IPage page, double notBefore)
    {
        string json = await page.EvaluateAsync<string>(
            "notBefore => JSON.stringify(window.streamViewer.renders.filter(r => r.at >= notBefore && r.lastEventId).map(r => ({ id: r.lastEventId, at: r.at, took: r.took })))",
            notBefore);
        return JsonSerializer.Deserialize<JsonElement[]>(json)!
            .Select(d => new Drawing(EventSequence(d.GetProperty("id").GetString()!), d.GetProperty("at").GetDouble(), d.GetProperty("took").GetDouble()))
            .ToArray();
    }

    // The server's event ids are "epoch-sequence"; one server run has one epoch.
    private static long EventSequence(string eventId) => long.Parse(eventId[(eventId.LastIndexOf('-') + 1)..]);

    private static string Timeline(Drawing[] drawings, double origin) =>
        string.Join(" ", drawings.Select(d => $"{d.Sequence}@{d.At - origin:0}({d.Took:0})"));

    private readonly record struct Drawing(long Sequence, double At, double Took);
}
