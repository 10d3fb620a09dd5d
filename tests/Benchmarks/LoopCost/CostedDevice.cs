using HeartRateStreamer.Benchmarks.Streaming;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.Benchmarks.LoopCost;

/// <summary>
/// The board's own composition as the cost reports run it: a 75 bpm finger on the virtual board, simulated time, the
/// streams writing into <see cref="DiscardingTransport"/>s, so what is counted is the device's work, not the network's
/// or the host's.
/// </summary>
public sealed class CostedDevice : IDisposable
{
    private readonly SimulatedTime _time = new();
    private readonly VirtualDeviceRun _run;

    /// <summary>Builds the device with <paramref name="sensor"/> ("max30102" or "analog") and starts it.</summary>
    public CostedDevice(string sensor)
    {
        Settings = new DeviceConfiguration(null)
            .Set(ConfigurationKeys.ServerUrl, "http://192.0.2.1:8080", "report")
            .Set(ConfigurationKeys.ServerPulseToken, "costed-pulse", "report")
            .Set(ConfigurationKeys.ServerHeartRateToken, "costed-bpm00", "report")
            .Set(ConfigurationKeys.ServerOxygenSaturationToken, "costed-spo2", "report")
            .Set(ConfigurationKeys.SensorType, sensor, "report")
            .Load(_time, new NullLog());
        Threads = new CountingThreads(_time);
        var world = new SensorWorld(new SensorScene { BeatsPerMinute = 75 }, _time);
        _run = new VirtualDeviceRun(Settings, world, FaultScript.None.For(world, Settings), _time, Threads, new NullLog(), _ => new DiscardingTransport());
        _time.Spawn("main", () => _run.Device.Start());
    }

    /// <summary>The device's settings.</summary>
    public DeviceSettings Settings { get; }

    /// <summary>Every loop the device started.</summary>
    public CountingThreads Threads { get; }

    /// <summary>The device, as the ESP32 runs it.</summary>
    public HeartRateDevice Device => _run.Device;

    /// <summary>Samples the processing loop has taken so far.</summary>
    public int SamplesProcessed => _run.Device.Pipeline?.SamplesProcessed ?? 0;

    /// <summary>Lets <paramref name="seconds"/> of simulated time pass.</summary>
    public void RunFor(int seconds) => _time.RunFor(seconds * 1000L);

    /// <inheritdoc/>
    public void Dispose()
    {
        _time.Stop();
        _run.Dispose();
        _time.Dispose();
    }

    private sealed class NullLog : ILogOutput
    {
        public void WriteLine(string line)
        {
        }
    }
}
