using System.Globalization;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Analyze;
using HeartRateStreamer.VirtualDevice.Run;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// The virtual device, as both commands run it, on any <see cref="IClock"/>: a simulated sensor (MAX30102 at register
/// level or the analog PulseSensor, both fed by the synthetic PPG) or a recording → the real driver →
/// <see cref="FixedRateSampler"/> → ring buffer → <see cref="PulsePipeline"/> → a <see cref="PlotStream"/> per token
/// over TCP, with heartbeats from the <see cref="Watchdog"/> and the scripted faults applied as time passes. The caller
/// decides how time passes: <see cref="Step"/> does one pass of the streaming loop at the clock's current time.
/// </summary>
public sealed class DemoDevice : IDisposable
{
    /// <summary>The pulse wave's window: 25 s at 20 points/s, what a reconnection resends.</summary>
    public const int PulseMaxPoints = 500;

    /// <summary>Heart rate and SpO2 windows (values on change, about one a beat).</summary>
    public const int ReadingMaxPoints = 300;

    private const int SamplesPerPass = 64;
    private const int RingBufferSamples = 512;
    private const int SampleRateHertz = 100;
    private const int StreamingLoopStallMilliseconds = 10_000;

    private readonly IClock _clock;
    private readonly FaultScript _faults;
    private readonly Action<string> _log;
    private readonly SampleRingBuffer _buffer = new(RingBufferSamples);
    private readonly SimulatedMax30102? _chip;
    private readonly FixedRateSampler? _sampler;
    private readonly CsvPlayback? _playback;
    private readonly NetworkFaultTransport[] _transports;
    private readonly TcpTransport[] _sockets;
    private readonly PlotStream[] _streams;
    private readonly PulsePipeline _pipeline;
    private readonly LoopMonitor _loops;
    private readonly int _streamingLoop;
    private readonly Watchdog _watchdog;
    private readonly bool[] _faultWasOn = new bool[3];
    private long _nextWatchdogTick;
    private bool _watchdogOnTimer;

    /// <summary>
    /// Wires the device to stream to <paramref name="server"/> with the given tokens (SpO2 is left out for a sensor
    /// without a red channel). <paramref name="log"/> gets connection events, sensor errors and fault changes.
    /// </summary>
    public DemoDevice(DeviceSetup setup, ServerAddress server, PlotTokens tokens, IClock clock, FaultScript faults, Action<string> log)
    {
        _clock = clock;

        // A recording has no finger to lift and no chip to silence; an ADC always gives a reading.
        bool synthetic = setup.SourceFile == null;
        bool hasChip = synthetic && setup.Sensor == SensorKind.Max30102;
        _faults = new FaultScript(
            faults.NetworkDown.StartMilliseconds, faults.NetworkDown.DurationMilliseconds,
            faults.FingerOff.StartMilliseconds, synthetic ? faults.FingerOff.DurationMilliseconds : 0,
            faults.SensorSilent.StartMilliseconds, hasChip ? faults.SensorSilent.DurationMilliseconds : 0);
        _log = log;
        var random = new SystemRandom();
        var settings = new StreamSettings(server)
        {
            UserAgent = "HeartRateStreamer-VirtualDevice/1.0",
            HeartbeatIntervalMilliseconds = setup.HeartbeatSeconds * 1000,

            // A PC can wait for the server's 200 at the end (it comes as soon as the server has read everything);
            // a busy machine may need more than the device's 2 s, and the tests read the plot only after it.
            AnswerWaitMilliseconds = 5000,
        };

        // A PC's clock is set: x values are UTC dates from the start, moving with this device's clock.
        settings.TimeBase.SetUtcOrigin(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - clock.Milliseconds);

        int sampleRate = SampleRateHertz;
        bool hasRed;
        PulseEstimatorSettings estimatorSettings;
        if (setup.SourceFile != null)
        {
            _playback = new CsvPlayback(setup.SourceFile, clock.Milliseconds);
            sampleRate = _playback.SampleRateHertz;
            hasRed = _playback.HasRed;
            estimatorSettings = RecordingAnalyzer.CreateSettings(pulseRaisesSignal: false);
        }
        else
        {
            var ppg = new SyntheticPpgSettings { SampleRateHz = SampleRateHertz, HeartRateBeatsPerMinute = setup.BeatsPerMinute, NoiseRatio = 0.02 };
            if (setup.NoFinger)
            {
                ppg.FingerOffStartSeconds = 0;
                ppg.FingerOffDurationSeconds = double.MaxValue;
            }
            else if (_faults.FingerOff.DurationMilliseconds > 0)
            {
                ppg.FingerOffStartSeconds = (clock.Milliseconds + _faults.FingerOff.StartMilliseconds) / 1000.0;
                ppg.FingerOffDurationSeconds = _faults.FingerOff.DurationMilliseconds / 1000.0;
            }

            var generator = new SyntheticPpgGenerator(ppg);
            ISampleSource source;
            if (setup.Sensor == SensorKind.Analog)
            {
                source = new PulseSensorSampleSource(new PulseSensor(new SyntheticAnalogInput(generator, ppg, clock)), SampleRateHertz);
                hasRed = false;
                estimatorSettings = AnalogEstimatorSettings();
            }
            else
            {
                _chip = new SimulatedMax30102(clock, new SyntheticOpticalWaveform(generator));
                source = new Max30102SampleSource(_chip, new Max30102Settings());
                hasRed = true;
                estimatorSettings = new PulseEstimatorSettings();
            }

            _sampler = new FixedRateSampler(source, _buffer, clock);
            _sampler.SensorError += (_, e) => _log($"sensor: {e.Error.Message} (failure {e.ConsecutiveFailureCount} in a row, retry in {e.RetryDelayMilliseconds} ms)");
        }

        _sockets = [new TcpTransport(), new TcpTransport(), new TcpTransport()];
        _transports = _sockets.Select(socket => new NetworkFaultTransport(socket)).ToArray();
        PlotStream pulse = CreateStream("pulse", tokens.Pulse, PulseMaxPoints, 0, settings, _transports[0], random);
        PlotStream? heartRate = tokens.HeartRate == null ? null : CreateStream("bpm", tokens.HeartRate, ReadingMaxPoints, 0, settings, _transports[1], random);
        PlotStream? oxygen = tokens.OxygenSaturation == null || !hasRed ? null : CreateStream("spo2", tokens.OxygenSaturation, ReadingMaxPoints, 0, settings, _transports[2], random);
        _streams = new[] { pulse, heartRate, oxygen }.OfType<PlotStream>().ToArray();
        _pipeline = new PulsePipeline(_buffer, new PulseEstimator(estimatorSettings), sampleRate, hasRed, pulse, heartRate, oxygen);

        _loops = new LoopMonitor(clock, 1);
        _streamingLoop = _loops.Register("streaming", StreamingLoopStallMilliseconds);
        Stall = new StallExit(new ManualResetEventSlim());
        _watchdog = new Watchdog(_loops, _streams, Stall);
        StartMilliseconds = clock.Milliseconds;
        _nextWatchdogTick = StartMilliseconds + 1000;
    }

    /// <summary>The clock time the device started at.</summary>
    public long StartMilliseconds { get; }

    /// <summary>Milliseconds since the device started.</summary>
    public long ElapsedMilliseconds => _clock.Milliseconds - StartMilliseconds;

    /// <summary>The device's streams: pulse, then bpm and spo2 when they have tokens (spo2 needs a red channel).</summary>
    public IReadOnlyList<PlotStream> Streams => _streams;

    /// <summary>The pipeline, for its estimator's readings.</summary>
    public PulsePipeline Pipeline => _pipeline;

    /// <summary>Where the watchdog's stall verdict lands.</summary>
    public StallExit Stall { get; }

    /// <summary>True once a recording has been played to its end and processed.</summary>
    public bool Finished => _playback is { Finished: true } && _buffer.Count == 0;

    /// <summary>True when the server stopped every stream (404: the plot is gone).</summary>
    public bool EveryStreamStopped => _streams.All(s => s.State == StreamState.Stopped);

    /// <summary>
    /// One pass of the streaming loop at the clock's time: faults, sensor, estimator, streams, watchdog. Returns how
    /// long the caller may wait before the next pass (0 to 10 ms) on a real clock.
    /// </summary>
    public int Step()
    {
        long now = ElapsedMilliseconds;
        ApplyFaults(now);
        int waitMilliseconds = _sampler == null ? 10 : Math.Clamp(_sampler.Poll(), 0, 10);
        _playback?.Play(_clock.Milliseconds, _buffer);
        _pipeline.ProcessWaitingSamples(SamplesPerPass);
        int nextObject = _pipeline.ServiceStreams();
        if (nextObject >= 0 && nextObject < waitMilliseconds)
        {
            // Wake when a stream's next object is due: a 20 points/s wave sent every 50 to 60 ms would fall behind.
            waitMilliseconds = nextObject;
        }

        _loops.ReportProgress(_streamingLoop);
        if (!_watchdogOnTimer && _clock.Milliseconds >= _nextWatchdogTick)
        {
            // Ticked here, on the device's clock, so heartbeats and stall checks follow simulated time too.
            _nextWatchdogTick += 1000;
            _watchdog.Tick();
        }

        return waitMilliseconds;
    }

    /// <summary>
    /// Runs the watchdog on its own 1 s timer, as the firmware does, instead of from <see cref="Step"/>: in real time
    /// it then sees a streaming loop that stopped making progress (it ticks on the system clock, so not for tests on a
    /// manual clock).
    /// </summary>
    public void StartWatchdogTimer()
    {
        _watchdogOnTimer = true;
        _watchdog.Start(1000);
    }

    /// <summary>Ends every stream with the last chunk and reads the server's answers.</summary>
    public void End()
    {
        _watchdog.Stop();
        foreach (PlotStream stream in _streams)
        {
            stream.End();
        }
    }

    /// <summary>One line: faults, finger, readings, points sent (and coalesced) per stream, reconnects, sensor errors.</summary>
    public string Status()
    {
        long now = ElapsedMilliseconds;
        string faults = string.Join(", ", _faults.All.Where(f => f.IsOn(now)).Select(f => $"{f.Name} ({(f.EndMilliseconds - now + 999) / 1000} s left)"));
        PulseEstimator estimator = _pipeline.Estimator;
        string rate = estimator.HasHeartRate ? estimator.HeartRateBeatsPerMinute.ToString("0", CultureInfo.InvariantCulture) + " bpm" : "no rate";
        string oxygen = estimator.HasOxygenSaturation ? ", SpO2 " + estimator.OxygenSaturationPercent.ToString("0", CultureInfo.InvariantCulture) + " %" : "";
        string perStream = string.Join(" | ", _streams.Select(s =>
            $"{s.Name} {s.PointsSent + s.WindowsSent} sent{(s.PointsCoalesced > 0 ? $", {s.PointsCoalesced} coalesced" : "")}{(s.State == StreamState.Streaming ? "" : " (" + Words(s.State.ToString()) + ")")}"));
        string sensor = _sampler == null ? "" : $" | sensor errors {_sampler.ErrorCount}{(_sampler.IsSensorRunning ? "" : " (restarting)")}";
        return (faults.Length > 0 ? "FAULT " + faults + " | " : "")
            + $"{(estimator.IsFingerPresent ? "finger" : "no finger")}, {rate}{oxygen}, quality {estimator.SignalQualityPercent} % | {perStream}"
            + $" | reconnects {_streams.Sum(s => s.Reconnects)}{sensor}";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watchdog.Stop();
        _playback?.Dispose();
        foreach (TcpTransport socket in _sockets)
        {
            socket.Dispose();
        }
    }

    // "WaitingToReconnect" → "waiting to reconnect".
    private static string Words(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? " " : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static PulseEstimatorSettings AnalogEstimatorSettings()
    {
        // As the firmware sets it for the PulseSensor: its output rises with each beat and its level says nothing about a finger.
        return new PulseEstimatorSettings
        {
            PulseRaisesSignal = true,
            FingerOnLevel = float.MinValue,
            FingerOffLevel = float.MinValue,
            SaturationLevel = PulseSensor.DefaultFullScale,
        };
    }

    private void ApplyFaults(long now)
    {
        bool networkDown = _faults.NetworkDown.IsOn(now);
        foreach (NetworkFaultTransport transport in _transports)
        {
            transport.IsNetworkDown = networkDown;
        }

        if (_chip != null)
        {
            _chip.IsResponding = !_faults.SensorSilent.IsOn(now);
        }

        for (int i = 0; i < _faultWasOn.Length; i++)
        {
            FaultWindow fault = _faults.All[i];
            bool on = fault.IsOn(now);
            if (on != _faultWasOn[i])
            {
                _faultWasOn[i] = on;
                _log(on ? $"fault: {fault.Name} for {fault.DurationMilliseconds / 1000.0:0.#} s" : $"fault over: {fault.Name}; recovering");
            }
        }
    }

    private PlotStream CreateStream(string name, string token, int maxPoints, int decimals, StreamSettings settings, ITransport transport, IRandom random)
    {
        var stream = new PlotStream(name, token, maxPoints, decimals, settings, transport, _clock, random);
        stream.Message += (streamName, message) => _log(streamName + ": " + message);
        return stream;
    }
}
