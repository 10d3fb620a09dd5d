using System.Globalization;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>How much load, bounded so a run always ends by itself.</summary>
public sealed record LoadSettings(int Streams, int ViewersPerPlot, int Seconds, int IntervalMilliseconds)
{
    public const int MaxStreams = 500;
    public const int MaxViewersPerPlot = 20;
    public const int MaxSeconds = 120;

    public static LoadSettings Parse(string[] args)
    {
        int Get(string name, int fallback, int max)
        {
            int index = Array.IndexOf(args, name);
            int value = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
            return value >= 1 && value <= max ? value : throw new ArgumentException($"{name} {value} must be 1..{max}");
        }

        return new LoadSettings(Get("--streams", 50, MaxStreams), Get("--viewers", 2, MaxViewersPerPlot), Get("--seconds", 15, MaxSeconds), Get("--interval-ms", 50, 10_000));
    }
}
