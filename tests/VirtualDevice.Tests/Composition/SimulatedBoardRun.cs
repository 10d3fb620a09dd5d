using System.Collections.Concurrent;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The firmware's composition (<see cref="HeartRateStreamer.Device.HeartRateDevice"/>) on a <see cref="VirtualBoard"/>
/// in <see cref="SimulatedTime"/>, configured through the firmware's <see cref="ConfigurationReader"/> and streaming to a
/// real stream server: the board's own start-up, threads and recovery, minutes of them in seconds.
/// </summary>
public sealed class SimulatedBoardRun : IDisposable, ILogOutput
{
    /// <summary>The heart rate of the simulated finger when the run is given no scene.</summary>
    public const double DefaultBeatsPerMinute = 75;

    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>
    /// A device streaming to <paramref name="serverUrl"/> that creates its plot with the demo account, with its settings
    /// changed by <paramref name="configure"/>; <paramref name="wrapTransport"/> wraps each stream's transport in order
    /// (pulse, heart rate, SpO2), and <paramref name="wrapThreads"/> the simulated threads the board starts its loops on.
    /// Nothing runs until <see cref="Start"/>.
    /// </summary>
    public SimulatedBoardRun(string serverUrl, string apiKey, Action<DeviceConfiguration>? configure = null, FaultScript? faults = null,
        Func<int, ITransport, ITransport>? wrapTransport = null, SensorScene? scene = null, Func<IDeviceThreads, IDeviceThreads>? wrapThreads = null)
    {
        DeviceConfiguration configuration = TestDeviceConfiguration.For(serverUrl, apiKey);
        configure?.Invoke(configuration);
        var world = new SensorWorld(scene ?? new SensorScene { BeatsPerMinute = DefaultBeatsPerMinute }, Time);
        Settings = world.Adjust(configuration).Load(Time, this);
        FaultScript script = (faults ?? FaultScript.None).For(world, Settings);
        int created = 0;
        Run = new VirtualDeviceRun(Settings, world, script, Time, wrapThreads?.Invoke(Time) ?? Time, this,
            wrapTransport == null ? null : transport => wrapTransport(created++, transport));
    }

    /// <summary>The device's time and threads.</summary>
    public SimulatedTime Time { get; } = new();

    /// <summary>The settings the device runs with.</summary>
    public DeviceSettings Settings { get; }

    /// <summary>The board and the device.</summary>
    public VirtualDeviceRun Run { get; }

    /// <summary>True once start-up has returned true.</summary>
    public bool Started { get; private set; }

    /// <summary>Everything the device logged.</summary>
    public string Log => string.Join("\n", _lines);

    /// <summary>The seconds since boot that <c>DeviceLog</c> stamped on <paramref name="line"/> ("[    42.0 s] ...").</summary>
    public static double SecondsOf(string line) =>
        double.Parse(line[1..line.IndexOf(" s]", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Powers the device on: start-up runs on a thread of the simulated board, as Main does on the ESP32. The faults
    /// of time 0 are on before it starts: the thread may try Wi-Fi before the first <see cref="RunUntil"/> switches them.</summary>
    public void Start()
    {
        Run.ApplyFaults();
        Time.Spawn("main", () => Started = Run.Device.Start());
    }

    /// <summary>Runs the device (faults switched as their times pass, every 100 ms) until its clock reads <paramref name="milliseconds"/>;
    /// <paramref name="eachStep"/>, given the clock, switches a test's own faults at the same steps.</summary>
    public void RunUntil(long milliseconds, Action<long>? eachStep = null)
    {
        while (Time.Milliseconds < milliseconds)
        {
            Run.ApplyFaults();
            eachStep?.Invoke(Time.Milliseconds);
            Time.RunUntil(Math.Min(milliseconds, Time.Milliseconds + 100));
        }
    }

    /// <summary>Stops the threads and ends the streams, reading the server's answers.</summary>
    public void End()
    {
        Time.Stop();
        Run.End();
    }

    /// <summary>The plot creation the device posts, with <paramref name="apiKey"/> instead of its own key when given.</summary>
    public PlotCreationRequest PlotRequest(string? apiKey = null) =>
        new(Settings.PlotUser, apiKey ?? Settings.PlotApiKey, Settings.PlotName, PlotLayout.Title, PlotLayout.CreateTraces(Settings));

    /// <summary>The plot's heart-rate trace as the server holds it (its .json).</summary>
    public async Task<PlotJson> HeartRateTraceAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return PlotJson.Trace(await http.GetStringAsync(Run.Device.PlotUrl + ".json"), 1);
    }

    /// <summary>Asserts the device has a heart rate within 1.5 bpm of <paramref name="sourceBeatsPerMinute"/>, the log in the message.</summary>
    public void AssertHeartRate(double sourceBeatsPerMinute)
    {
        var estimator = Run.Device.Pipeline!.Estimator;
        Assert.True(estimator.HasHeartRate && Math.Abs(estimator.HeartRateBeatsPerMinute - sourceBeatsPerMinute) <= 1.5,
            $"heart rate {(estimator.HasHeartRate ? estimator.HeartRateBeatsPerMinute.ToString("0.0") : "none")} against a {sourceBeatsPerMinute} bpm source; log:\n{Log}");
    }

    /// <inheritdoc/>
    public void WriteLine(string line) => _lines.Enqueue(line);

    /// <inheritdoc/>
    public void Dispose()
    {
        Time.Stop();
        Run.Dispose();
    }
}
