using System.Globalization;

namespace HeartRateStreamer.StreamServer.ViewerBenchmark;

/// <summary>The viewer benchmark's command line.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>The last commit whose viewer.js redrew the whole figure with Plotly.react on every frame.</summary>
    public const string FullRedrawViewerCommit = "af9f9c2";

    private const string Usage = "usage: [--pages 1,2,4] [--seconds 8] [--warm-up 3] [--before REF|FILE | --no-before] [--no-after] [--screenshots DIR] [--device \"OPTIONS\"]";

    /// <summary>How many pages to open at once, one measurement each.</summary>
    public int[] PageCounts { get; private init; } = [1, 2, 4];

    /// <summary>How long each measurement lasts.</summary>
    public double Seconds { get; private init; } = 8;

    /// <summary>How long the pages run before it (a page that has just opened runs plotly.js cold).</summary>
    public double WarmUpSeconds { get; private init; } = 3;

    /// <summary>The git reference of the "before" viewer.js, or null to measure only the server's own.</summary>
    public string? BeforeRef { get; private init; } = FullRedrawViewerCommit;

    /// <summary>False to measure only the "before" script.</summary>
    public bool After { get; private init; } = true;

    /// <summary>Where to save a screenshot of the last page of each measurement, or null for none.</summary>
    public string? ScreenshotDirectory { get; private init; }

    /// <summary>The virtual device's options (the default command's, e.g. --bpm 90).</summary>
    public string[] DeviceArguments { get; private init; } = [];

    public static BenchmarkOptions Parse(string[] arguments)
    {
        int[] pages = [1, 2, 4];
        double seconds = 8, warmUp = 3;
        string? before = FullRedrawViewerCommit;
        string[] device = [];
        bool after = true;
        string? screenshots = null;
        for (int i = 0; i < arguments.Length; i++)
        {
            string Value() => i + 1 < arguments.Length ? arguments[++i] : throw new ArgumentException($"{arguments[i]} needs a value; {Usage}");
            switch (arguments[i])
            {
                case "--pages":
                    pages = Value().Split(',').Select(p => int.TryParse(p, out int n) && n is >= 1 and <= 16 ? n : throw new ArgumentException($"--pages takes counts from 1 to 16 separated by commas, not '{p}'")).ToArray();
                    break;
                case "--seconds":
                    seconds = Positive("--seconds", Value());
                    break;
                case "--warm-up":
                    warmUp = Positive("--warm-up", Value());
                    break;
                case "--before":
                    before = Value();
                    break;
                case "--no-before":
                    before = null;
                    break;
                case "--no-after":
                    after = false;
                    break;
                case "--screenshots":
                    screenshots = Value();
                    break;
                case "--device":
                    device = Value().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{arguments[i]}'; {Usage}");
            }
        }

        return new BenchmarkOptions { PageCounts = pages, Seconds = seconds, WarmUpSeconds = warmUp, BeforeRef = before, After = after, ScreenshotDirectory = screenshots, DeviceArguments = device };
    }

    private static double Positive(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number > 0
            ? number
            : throw new ArgumentException($"{option} takes a positive number of seconds, not '{value}'");
}
