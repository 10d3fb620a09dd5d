namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>What the virtual device's sensor sees: a synthetic finger with a pulse of a given rate, no finger, or a recording.</summary>
public sealed record SensorScene
{
    /// <summary>The synthetic pulse's slowest heart rate (--bpm).</summary>
    public const double SlowestBeatsPerMinute = 30;

    /// <summary>The synthetic pulse's fastest heart rate (--bpm).</summary>
    public const double FastestBeatsPerMinute = 240;

    /// <summary>A CSV recording to play instead of the synthetic pulse, or null.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The synthetic pulse's heart rate.</summary>
    public double BeatsPerMinute { get; init; } = 72;

    /// <summary>When the synthetic heart rate steps to <see cref="SteppedBeatsPerMinute"/>, in seconds from the start; negative: never.</summary>
    public double RateStepSeconds { get; init; } = -1;

    /// <summary>The synthetic heart rate after <see cref="RateStepSeconds"/>.</summary>
    public double SteppedBeatsPerMinute { get; init; } = 72;

    /// <summary>True when the synthetic finger never touches the sensor: no pulse, no readings, heartbeats only.</summary>
    public bool NoFinger { get; init; }
}
