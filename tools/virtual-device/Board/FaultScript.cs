namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// When each scripted fault is on, in milliseconds since the device started: a network drop, a lifted finger and a
/// sensor that stops answering, one after the other with time to recover in between.
/// </summary>
public sealed class FaultScript
{
    /// <summary>A script with each fault at its own start and length (0 length: that fault never happens).</summary>
    public FaultScript(long networkDownAtMilliseconds, long networkDownForMilliseconds, long fingerOffAtMilliseconds, long fingerOffForMilliseconds,
        long sensorSilentAtMilliseconds, long sensorSilentForMilliseconds)
    {
        NetworkDown = new FaultWindow("network down", networkDownAtMilliseconds, networkDownForMilliseconds);
        FingerOff = new FaultWindow("finger lifted", fingerOffAtMilliseconds, fingerOffForMilliseconds);
        SensorSilent = new FaultWindow("sensor not answering", sensorSilentAtMilliseconds, sensorSilentForMilliseconds);
    }

    /// <summary>No faults at all.</summary>
    public static FaultScript None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>
    /// --faults: the network drops for 15 s at 20 s, the finger lifts for 10 s at 50 s, the sensor stops answering for
    /// 5 s at 80 s; each starts once the previous one has been recovered from (a heart rate needs a few beats).
    /// </summary>
    public static FaultScript Default { get; } = new(20_000, 15_000, 50_000, 10_000, 80_000, 5_000);

    /// <summary>
    /// <paramref name="script"/> with its network drop lasting <paramref name="milliseconds"/> (starting when the default
    /// one does, 20 s in); 0 leaves the script as it is.
    /// </summary>
    public static FaultScript WithNetworkDown(FaultScript script, long milliseconds) => milliseconds <= 0
        ? script
        : new FaultScript(Default.NetworkDown.StartMilliseconds, milliseconds, script.FingerOff.StartMilliseconds, script.FingerOff.DurationMilliseconds,
            script.SensorSilent.StartMilliseconds, script.SensorSilent.DurationMilliseconds);

    /// <summary>
    /// This script as far as it can happen to <paramref name="world"/>'s sensor: a recording has no finger to lift and
    /// no chip of its own to silence, an ADC always gives a reading. The world's sensor faults are set to the result.
    /// </summary>
    public FaultScript For(SensorWorld world, HeartRateStreamer.Configuration.DeviceSettings settings)
    {
        bool synthetic = world.Scene.SourceFile == null;
        bool hasChip = settings.Sensor == HeartRateStreamer.Configuration.SensorKind.Max30102;
        var script = new FaultScript(
            NetworkDown.StartMilliseconds, NetworkDown.DurationMilliseconds,
            FingerOff.StartMilliseconds, synthetic ? FingerOff.DurationMilliseconds : 0,
            SensorSilent.StartMilliseconds, synthetic && hasChip ? SensorSilent.DurationMilliseconds : 0);
        world.Faults = script;
        return script;
    }

    /// <summary>The network drop.</summary>
    public FaultWindow NetworkDown { get; }

    /// <summary>The finger off the sensor (the synthetic PPG's finger-off stretch).</summary>
    public FaultWindow FingerOff { get; }

    /// <summary>The sensor's bus fault switch.</summary>
    public FaultWindow SensorSilent { get; }

    /// <summary>The three faults, in script order.</summary>
    public IReadOnlyList<FaultWindow> All => [NetworkDown, FingerOff, SensorSilent];
}
