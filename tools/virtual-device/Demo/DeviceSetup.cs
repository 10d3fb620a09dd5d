using System.Globalization;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>What the virtual device is made of, whichever command runs it: its sensor and what that sensor sees.</summary>
public sealed record DeviceSetup
{
    /// <summary>The synthetic pulse's slowest heart rate (--bpm).</summary>
    public const double SlowestBeatsPerMinute = 30;

    /// <summary>The synthetic pulse's fastest heart rate (--bpm).</summary>
    public const double FastestBeatsPerMinute = 240;

    /// <summary>The simulated sensor (a recording replaces it).</summary>
    public SensorKind Sensor { get; init; } = SensorKind.Max30102;

    /// <summary>A CSV recording to play instead of the synthetic pulse, or null.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The synthetic pulse's heart rate.</summary>
    public double BeatsPerMinute { get; init; } = 72;

    /// <summary>True when the synthetic finger never touches the sensor: no pulse, no readings, heartbeats only.</summary>
    public bool NoFinger { get; init; }

    /// <summary>Silence on a stream before a heartbeat; the firmware's default (30 s, half the server's stale limit).</summary>
    public int HeartbeatSeconds { get; init; } = HeartbeatSchedule.DefaultIntervalMilliseconds / 1000;

    /// <summary>For the log: "a synthetic 72 bpm pulse on a simulated MAX30102", or the recording's path.</summary>
    public string Describe()
    {
        if (SourceFile != null)
        {
            return SourceFile;
        }

        string sensor = Sensor == SensorKind.Analog ? "analog PulseSensor" : "MAX30102";
        return NoFinger
            ? $"a simulated {sensor} with no finger on it"
            : $"a synthetic {BeatsPerMinute.ToString("0", CultureInfo.InvariantCulture)} bpm pulse on a simulated {sensor}";
    }
}
