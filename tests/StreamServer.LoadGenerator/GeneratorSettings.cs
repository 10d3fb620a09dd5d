using System.Globalization;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>What one step of load is: which protocol, where, how many devices and viewers, how long.</summary>
public sealed record GeneratorSettings(
    string Protocol, int Port, int Streams, int ViewersPerPlot, double Seconds, int IntervalMilliseconds, int HeartbeatSeconds, double SilentSeconds,
    string? PlotsFile, string User, string Key, int CreatePort)
{
    /// <summary>Plotly's chunked POST plus SSE viewers (our server and the minimal sink), or MQTT (Mosquitto).</summary>
    public const string Plotly = "plotly";
    public const string Mqtt = "mqtt";

    public int ObjectsPerDevice => (int)Math.Ceiling(Seconds * 1000 / IntervalMilliseconds) + 1;

    public static GeneratorSettings Parse(string[] args)
    {
        string? Text(string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int Number(string name, int fallback, int min, int max)
        {
            int value = Text(name) is string text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
            return value >= min && value <= max ? value : throw new ArgumentException($"{name} {value} must be {min}..{max}");
        }

        string protocol = Text("--protocol") ?? Plotly;
        if (protocol is not (Plotly or Mqtt))
        {
            throw new ArgumentException($"--protocol {protocol} must be {Plotly} or {Mqtt}");
        }

        double seconds = double.Parse(Text("--seconds") ?? "10", CultureInfo.InvariantCulture);
        if (seconds is <= 0 or > 600)
        {
            throw new ArgumentException($"--seconds {seconds} must be more than 0 and at most 600");
        }

        // 30 s: the firmware's default heartbeat (firmware/HeartRateStreamer.Core/Configuration/DeviceSettings.cs).
        int port = Number("--port", 0, 1, 65535);
        return new GeneratorSettings(protocol, port, Number("--streams", 100, 1, 100_000),
            Number("--viewers", 1, 0, 100), seconds, Number("--interval-ms", 50, 1, 10_000), Number("--heartbeat-seconds", 30, 1, 59),
            double.Parse(Text("--silent-seconds") ?? "0", CultureInfo.InvariantCulture),
            Text("--plots"), Text("--user") ?? "load", Text("--key") ?? "", Number("--create-port", port, 1, 65535));
    }
}
