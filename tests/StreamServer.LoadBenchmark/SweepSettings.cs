using System.Globalization;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>The sweep: which targets, which stream counts (climbed in order until a step fails), which
/// viewer counts per plot, and how long each step streams.</summary>
public sealed record SweepSettings(string[] Targets, int[] Steps, int[] Viewers, double Seconds, int IntervalMilliseconds, int HeartbeatSeconds, double SilentSeconds, bool KeepGoing)
{
    public const string Server = "server";
    public const string Sink = "sink";
    public const string Mosquitto = "mosquitto";

    /// <summary>Options that take a value, and flags; --sweep names the default (the whole sweep) explicitly.</summary>
    private static readonly string[] s_valued = ["--targets", "--steps", "--viewers", "--seconds", "--interval-ms", "--heartbeat-seconds", "--silent-seconds"];
    private static readonly string[] s_flags = ["--sweep", "--keep-going"];

    public static SweepSettings Parse(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (s_valued.Contains(args[i]) && i + 1 < args.Length)
            {
                i++;
            }
            else if (!s_flags.Contains(args[i]))
            {
                throw new ArgumentException($"'{args[i]}' is not an option here (or lacks its value); the options are {string.Join(", ", s_valued.Select(o => o + " VALUE").Concat(s_flags))}, and --ingest-cost, --store-cost on their own");
            }
        }

        string? Text(string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int[] Numbers(string name, string fallback, int min, int max) => (Text(name) ?? fallback).Split(',').Select(text =>
        {
            int value = int.Parse(text, CultureInfo.InvariantCulture);
            return value >= min && value <= max ? value : throw new ArgumentException($"{name}: {value} must be {min}..{max}");
        }).ToArray();

        string[] targets = (Text("--targets") ?? $"{Server},{Sink},{Mosquitto}").Split(',');
        foreach (string target in targets.Where(t => t is not (Server or Sink or Mosquitto)))
        {
            throw new ArgumentException($"--targets: '{target}' must be {Server}, {Sink} or {Mosquitto}");
        }

        double seconds = double.Parse(Text("--seconds") ?? "10", CultureInfo.InvariantCulture);
        if (seconds is < 1 or > 600)
        {
            throw new ArgumentException($"--seconds {seconds} must be 1..600");
        }

        return new SweepSettings(targets, Numbers("--steps", "100,200,500,1000,2000,5000,10000", 1, 100_000), Numbers("--viewers", "0,1,5", 0, 100), seconds,
            Numbers("--interval-ms", "50", 1, 10_000)[0], Numbers("--heartbeat-seconds", "30", 1, 59)[0],
            double.Parse(Text("--silent-seconds") ?? "0", CultureInfo.InvariantCulture), args.Contains("--keep-going"));
    }
}
