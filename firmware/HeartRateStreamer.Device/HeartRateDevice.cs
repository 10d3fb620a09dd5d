using System;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Device.Sensors;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The heart-rate streamer itself, on any platform: the ESP32 (firmware/HeartRateStreamer/Program.cs), the virtual
    /// device on a PC, and tests in simulated time all run this one composition. It is a monitor first:
    /// <see cref="Start"/> starts measuring at once (sampling, processing, status LED and log, watchdog), and a
    /// background job connects beside it (Wi-Fi, clock, plot), each step logging what it does and, when it fails, what
    /// to check; <see cref="StartupPolicy"/> decides how long to wait before trying again, never a reboot. Then every
    /// stream gets a thread of its own. The reboots left are the watchdog's (for a loop that hangs, and once, a day before
    /// the board's clock wraps: 497 days on the ESP32), and the ones after a start-up that threw what no step handles, or
    /// a connecting job that threw so three times in a row (it tries again 30 s after each).
    /// </summary>
    public sealed class HeartRateDevice
    {
        // The ring buffer holds this many seconds of samples: the estimator never waits for the network, so this only
        // has to ride out a slow estimator pass or a garbage collection.
        private const int BufferSeconds = 2;

        // Loops the watchdog watches besides one per stream: sampling, processing, status.
        private const int LoopsBesidesStreams = 3;

        // Connecting throws only for what no step handles (out of memory on a small heap, a native Wi-Fi or SNTP call
        // that throws): it is tried again after this pause, from the step that threw, and after this many throws in a
        // row the device reboots, which gives a fresh heap and network stack where another try would not.
        private const int ConnectRetryMilliseconds = 30000;
        private const int ConnectFaultsBeforeReboot = 3;
        // ConnectFaultsBeforeReboot in words, a constant: the reason must not need an allocation.
        private const string ConnectFaultsRebootReason = "connecting failed 3 times in a row";
        private const string StartupFailedRebootReason = "start-up failed";

        private readonly DeviceSettings _settings;
        private readonly IDevicePlatform _platform;
        private readonly IClock _clock;
        private readonly DeviceLog _log;
        private readonly DeviceReboot _reboot;
        private readonly StartupPolicy _policy;
        private readonly StatusLoop _status;

        // Held while the stream loops start and while StopConnecting is set, so none starts after StopConnecting.
        private readonly object _streamStartLock = new object();
        private StreamSettings? _streamSettings;
        private DevicePlot? _plot;
        private LoopMonitor? _monitor;
        private bool _serverAdviceGiven;

        // How far connecting got, so a try after a throw goes on from the step that threw.
        private bool _wifiConnected;
        private bool _clockWaitedFor;
        private bool _plotCreated;
        private int _connectFaults; // throws in a row with no connecting step completed between them (ConnectAndStream)
        private StreamLoop[] _streamLoops = new StreamLoop[0];
        private int _streamLoopsStarted;

        private bool _connectingStopped; // a PC's run is ending (StopConnecting)

        /// <summary>A device configured by <paramref name="settings"/> on <paramref name="platform"/>; nothing runs until <see cref="Start"/>.</summary>
        public HeartRateDevice(DeviceSettings settings, IDevicePlatform platform)
        {
            if (settings == null || settings.Server == null)
            {
                throw new ArgumentException("Pass settings read by ConfigurationReader without fatal problems: they name the server.", nameof(settings));
            }

            _settings = settings;
            _platform = platform ?? throw new ArgumentNullException(nameof(platform), "Pass the platform the device runs on.");
            _clock = platform.Clock;
            _log = new DeviceLog(_clock, platform.LogOutput);
            _reboot = new DeviceReboot(platform, _log);
            _policy = new StartupPolicy(_clock, settings.Server.UseTls);
            _status = new StatusLoop(platform, _log, _reboot);
            Streams = new PlotStream[0];
        }

        /// <summary>The device's log.</summary>
        public DeviceLog Log => _log;

        /// <summary>The status loop, which knows what the LED shows.</summary>
        public StatusLoop Status => _status;

        /// <summary>The sampler, once started.</summary>
        public FixedRateSampler? Sampler { get; private set; }

        /// <summary>The ring buffer between sampling and processing, once started.</summary>
        public SampleRingBuffer? Buffer { get; private set; }

        /// <summary>The pipeline, once started: its estimator has the readings.</summary>
        public PulsePipeline? Pipeline { get; private set; }

        /// <summary>The streams, pulse first, once started.</summary>
        public PlotStream[] Streams { get; private set; }

        /// <summary>The link to the plot the device made (at start-up, or again when the server had lost it), or an empty string.</summary>
        public string PlotUrl => _plot != null ? _plot.Url : "";

        /// <summary>Why the device's last attempt to make its plot did not, or an empty string.</summary>
        public string PlotProblem => _plot != null ? _plot.Problem : "";

        /// <summary>The plot the device makes with its account, once started.</summary>
        public DevicePlot? Plot => _plot;

        /// <summary>
        /// Powers the device on. It measures first: status LED, sensor, sampler, estimator, the streams' windows and the
        /// watchdog start at once, whatever the network does. Connecting (Wi-Fi, clock, plot) goes on beside it on a
        /// thread of its own, with its back-off and never a reboot, and the streams start sending once it is done; what
        /// was measured meanwhile reaches the plot with the first window each stream sends. Returns true once
        /// everything runs; the platform's threads do the rest. If start-up throws after all, it logs
        /// "REBOOT in N s: start-up failed: ..." and reboots after <c>supervision.rebootDelaySeconds</c> (on a PC the run
        /// ends there), and returns false: it never throws.
        /// </summary>
        public bool Start()
        {
            try
            {
                StartMeasuringAndConnecting();
                return true;
            }
            catch (Exception e)
            {
                // Each step handles its own failures, so this is a bug or a platform fault: a reboot after the delay (so
                // the line can be read) beats a board that sits there doing nothing.
                // The text is built in its own try, as for a connect fault: on an exhausted heap it throws again, and
                // the reboot must still come.
                string reason = StartupFailedRebootReason;
                try
                {
                    reason = StartupFailedRebootReason + ": " + DeviceLog.Describe(e);
                }
                catch (Exception)
                {
                    // The constant reason.
                }

                _reboot.After(_settings.RebootDelaySeconds * 1000, reason);
                return false;
            }
        }

        private void StartMeasuringAndConnecting()
        {
            _log.Write("HeartRateStreamer " + DeviceIdentity.Version + " starting.");
            LogSettings();
            // The link wakes the status loop when it changes: "Wi-Fi: connection lost" and "connected again" come before
            // the streams' own lines about it, and the recovery policy times the outage from its start.
            _platform.Network.WakeOnChange(_platform.Threads.Start(_status));
            OpenStatusLed();

            ISampleSource source = SensorSetup.CreateSampleSource(_settings, _platform, _log);
            var buffer = new SampleRingBuffer(_settings.SampleRateHertz * BufferSeconds);
            var sampler = new FixedRateSampler(source, buffer, _clock);
            sampler.SensorError += (sender, e) => ReportSensorError(e);

            // The configured server until plot creation names another (its stream-host); the streams read it when they connect.
            _streamSettings = new StreamSettings(_settings.Server!);
            _streamSettings.HeartbeatIntervalMilliseconds = _settings.HeartbeatSeconds * 1000;
            _plot = new DevicePlot(_settings, _streamSettings, _platform, _log);
            if (_platform.WallClock.IsSet)
            {
                _streamSettings.TimeBase.SetUtcOrigin(_platform.WallClock.UtcNowUnixMilliseconds - _clock.Milliseconds);
            }

            FitStreamWindows();
            PlotStream[] streams = CreateStreams(_streamSettings);
            _plot.FedBy(streams);
            var pipeline = new PulsePipeline(
                buffer,
                new PulseEstimator(SensorSetup.CreateEstimatorSettings(_settings.Sensor)),
                _settings.SampleRateHertz,
                SensorSetup.HasRedChannel(_settings),
                streams[0],
                FindStream(streams, PlotLayout.HeartRateName),
                FindStream(streams, PlotLayout.OxygenSaturationName));
            pipeline.StreamVariability(FindStream(streams, PlotLayout.RmssdName), FindStream(streams, PlotLayout.SdnnName));
            Sampler = sampler;
            Buffer = buffer;
            Pipeline = pipeline;
            Streams = streams;

            StartMeasuring(sampler, pipeline, streams);
            _status.Attach(pipeline, sampler, buffer, streams, _plot, _streamSettings.TimeBase, _settings.ReportSeconds * 1000);
            _platform.Threads.Start(new BackgroundJob("connecting", _log, ConnectAndStream));
            _log.Write("Measuring. Connecting to the network beside it; the log shows the reading every few seconds and the counters every "
                + _settings.ReportSeconds.ToString() + " s.");
        }

        /// <summary>True once Wi-Fi, clock and plot are done and every stream's loop runs.</summary>
        public bool IsStreaming { get; private set; }

        /// <summary>
        /// Tells the connecting job that the run is ending (a PC's; a board never stops): whatever step it is in, it starts
        /// no stream loop after it. A plot creation the run abandons ends that step at once, and its streams would start only
        /// to end again. Call it before the run stops its threads and abandons the plot creation.
        /// </summary>
        public void StopConnecting()
        {
            lock (_streamStartLock)
            {
                _connectingStopped = true;
            }
        }

        /// <summary>Ends every stream with the last chunk and reads the server's answers (a PC ending its run; a board never stops).</summary>
        public void EndStreams()
        {
            for (int i = 0; i < Streams.Length; i++)
            {
                Streams[i].End();
            }
        }

        private void StartMeasuring(FixedRateSampler sampler, PulsePipeline pipeline, PlotStream[] streams)
        {
            int stallMilliseconds = _settings.StallSeconds * 1000;
            _monitor = new LoopMonitor(_clock, LoopsBesidesStreams + streams.Length);
            var sampling = new SamplingLoop(sampler, _log);
            var processing = new ProcessingLoop(pipeline, _clock, _log);
            sampling.WatchWith(_monitor, stallMilliseconds);
            processing.WatchWith(_monitor, stallMilliseconds);
            _status.WatchWith(_monitor, stallMilliseconds);
            var heartbeatSenders = new IHeartbeatSender[streams.Length];
            for (int i = 0; i < streams.Length; i++)
            {
                heartbeatSenders[i] = streams[i];
            }

            _log.Write("Threads: sampling (" + _settings.SampleRateHertz.ToString() + " samples/s), processing and the watchdog (reboot after "
                + _settings.StallSeconds.ToString() + " s without progress: a reboot fixes a hung loop).");
            _platform.Threads.Start(sampling);
            sampler.SamplesStored = _platform.Threads.Start(processing);
            _platform.Threads.Start(new WatchdogLoop(new Watchdog(_monitor, heartbeatSenders, _reboot, _clock, Watchdog.PlannedRebootBefore(_platform.ClockWrapMilliseconds)), _log));
        }

        // The background job: Wi-Fi, clock, plot, then the streams. Each step retries with its back-off for as long as it
        // takes; what none of them handles is tried again here, and a device left connecting for ever never streams.
        private void ConnectAndStream()
        {
            while (!_reboot.IsRequested)
            {
                try
                {
                    ConnectAndStartStreams();
                    return;
                }
                catch (Exception e)
                {
                    // Counted before anything allocates: on an exhausted heap the text throws again, and the retry or the
                    // reboot must still happen, so the text is built in its own try with a constant fallback.
                    _connectFaults++;
                    if (_connectFaults >= ConnectFaultsBeforeReboot)
                    {
                        string reason = ConnectFaultsRebootReason;
                        try
                        {
                            reason = ConnectFaultsRebootReason + ": " + DeviceLog.Describe(e);
                        }
                        catch (Exception)
                        {
                            // The constant reason.
                        }

                        _reboot.After(_settings.RebootDelaySeconds * 1000, reason);
                        return;
                    }

                    try
                    {
                        _log.Write("Connecting failed (" + _connectFaults.ToString() + " of " + ConnectFaultsBeforeReboot.ToString() + " in a row before a reboot): "
                            + DeviceLog.Describe(e) + "; trying again in " + (ConnectRetryMilliseconds / 1000).ToString() + " s.");
                    }
                    catch (Exception)
                    {
                        _log.Write(DeviceLog.UndescribedFault);
                    }

                    _platform.Threads.Sleep(ConnectRetryMilliseconds);
                }
            }
        }

        private void ConnectAndStartStreams()
        {
            if (!_wifiConnected)
            {
                ConnectWifi();
                _status.SuperviseNetwork(new NetworkRecoveryPolicy(_clock));
                _wifiConnected = true;
                StepCompleted();
            }

            if (!_clockWaitedFor)
            {
                WaitForClock();
                _clockWaitedFor = true;
                StepCompleted();
            }

            if (!_plotCreated)
            {
                _plot!.CreateAtStartup();
                _plotCreated = true;
                StepCompleted();
            }

            lock (_streamStartLock)
            {
                if (_connectingStopped)
                {
                    return;
                }

                StartStreamLoops();
            }

            IsStreaming = true;
            _log.Write("Streaming: " + DeviceLog.Count(Streams.Length, "stream", "streams") + " to " + _streamSettings!.Server.ToString()
                + "; what was measured before is in each stream's first window.");
        }

        // A step that completes is progress: throws at different steps, each getting further, are not "in a row" and
        // must not add up to a reboot (a join that threw twice, then a clock wait that threw hours later).
        private void StepCompleted()
        {
            _connectFaults = 0;
        }

        // Each loop is watched from when it is made (one never started is stalled) and started once, however often this runs.
        private void StartStreamLoops()
        {
            if (_streamLoops.Length == 0)
            {
                int stallMilliseconds = _settings.StallSeconds * 1000;
                var loops = new StreamLoop[Streams.Length];
                for (int i = 0; i < loops.Length; i++)
                {
                    loops[i] = new StreamLoop(Streams[i], _log);
                    loops[i].WatchWith(_monitor!, stallMilliseconds);
                }

                _streamLoops = loops;
            }

            for (; _streamLoopsStarted < _streamLoops.Length; _streamLoopsStarted++)
            {
                Streams[_streamLoopsStarted].PointAppended = _platform.Threads.Start(_streamLoops[_streamLoopsStarted]);
            }
        }

        private void LogSettings()
        {
            _log.Write("Configuration: server " + _settings.Server!.ToString() + ", streams " + StreamNames()
                + "; sensor " + (_settings.Sensor == SensorKind.Max30102
                    ? "MAX30102 on I2C1 (SDA GPIO" + _settings.DataPin.ToString() + ", SCL GPIO" + _settings.ClockPin.ToString() + ")"
                    : "analog on ADC channel " + _settings.AdcChannel.ToString())
                + " at " + _settings.SampleRateHertz.ToString() + " samples/s; status LED "
                + (_settings.StatusLedPin < 0 ? "none" : "GPIO" + _settings.StatusLedPin.ToString()));
        }

        private string StreamNames()
        {
            string names = "";
            for (int i = 0; i < PlotLayout.StreamCount(_settings); i++)
            {
                names += (i > 0 ? ", " : "") + PlotLayout.NameOf(_settings, i);
            }

            return names;
        }

        private void OpenStatusLed()
        {
            if (_settings.StatusLedPin < 0)
            {
                return;
            }

            try
            {
                _status.UseLed(_platform.OpenStatusLed(_settings.StatusLedPin, _settings.StatusLedActiveHigh));
            }
            catch (Exception e)
            {
                // Without the LED the device still streams; the log says why it stays dark.
                _log.Write("Status LED: GPIO" + _settings.StatusLedPin.ToString() + " cannot be opened: " + e.Message);
            }
        }

        private void ConnectWifi()
        {
            while (!_reboot.IsRequested)
            {
                StartupFailure failure;
                string detail;
                if (_platform.Network.Connect(_settings, out failure, out detail))
                {
                    _policy.Succeeded(StartupStep.Wifi);
                    _log.Write("Wi-Fi: connected, address " + _platform.Network.Address);
                    return;
                }

                StartupDecision decision = _policy.Decide(failure);
                _log.Write("Wi-Fi: " + detail + "; " + decision.ToString());
                _platform.Threads.Sleep(decision.DelayMilliseconds);
            }
        }

        private void WaitForClock()
        {
            while (!_reboot.IsRequested)
            {
                _log.Write("Time: waiting up to " + _settings.TimeTimeoutSeconds.ToString() + " s for SNTP"
                    + (_settings.SntpServer.Length > 0 ? " (" + _settings.SntpServer + ")" : ""));
                if (_platform.WallClock.WaitUntilSet(_settings.SntpServer, _settings.TimeTimeoutSeconds * 1000))
                {
                    _policy.Succeeded(StartupStep.Time);
                    _log.Write("Time: the clock is set.");
                    return;
                }

                StartupDecision decision = _policy.Decide(StartupFailure.TimeNotSynchronized);
                _log.Write("Time: the clock is not set; " + decision.ToString());
                if (decision.Action == StartupAction.ContinueDegraded)
                {
                    return;
                }

                _platform.Threads.Sleep(decision.DelayMilliseconds);
            }
        }

        // Before the windows are made: a maxpoints the heap cannot hold would fail start-up on every boot.
        private void FitStreamWindows()
        {
            int streams = PlotLayout.StreamCount(_settings);
            long free = _platform.FreeMemoryBytes();
            int wanted = _settings.MaxPoints;
            int fit = StreamMemory.MaxPointsThatFit(wanted, streams, free);
            _settings.LimitMaxPoints(fit);
            string use = "Memory: " + (free / 1024).ToString() + " KB free; the windows of " + DeviceLog.Count(streams, "stream", "streams") + " of "
                + DeviceLog.Count(_settings.MaxPoints, "point", "points") + " take " + (StreamMemory.BytesFor(streams, _settings.MaxPoints) / 1024).ToString() + " KB";
            _log.Write(fit < wanted
                ? use + ", as many as fit in half of it: server.maxPoints " + wanted.ToString() + " would need "
                    + (StreamMemory.BytesFor(streams, wanted) / 1024).ToString() + " KB. Set server.maxPoints to " + fit.ToString()
                    + " or less, use fewer streams, or a board with PSRAM."
                : use + ".");
        }

        private PlotStream[] CreateStreams(StreamSettings streamSettings)
        {
            var streams = new PlotStream[PlotLayout.StreamCount(_settings)];
            for (int i = 0; i < streams.Length; i++)
            {
                // A generator of its own: System.Random is not thread-safe, and each stream draws from its own loop and
                // from the watchdog's (a heartbeat that fails), under its own lock only.
                var stream = new PlotStream(PlotLayout.NameOf(_settings, i), PlotLayout.TokenOf(_settings, i), _settings.MaxPoints,
                    PlotLayout.DecimalsOf(i), streamSettings, _platform.CreateTransport(), _clock, _platform.CreateJitter());
                stream.Message += (streamName, message) => ReportStreamMessage(streamName, message);
                streams[i] = stream;
            }

            return streams;
        }

        private static PlotStream? FindStream(PlotStream[] streams, string name)
        {
            for (int i = 0; i < streams.Length; i++)
            {
                if (streams[i].Name == name)
                {
                    return streams[i];
                }
            }

            return null;
        }

        private void ReportStreamMessage(string name, string message)
        {
            _log.Write("Stream " + name + ": " + message);
            PlotStream? stream = FindStream(Streams, name);
            if (stream == null || stream.State == StreamState.Ended)
            {
                // An ended stream (a PC's run ending) needs neither advice nor its plot made again.
                return;
            }

            _plot!.RemakeIfNeeded(stream);
            bool neverConnected = stream.State == StreamState.WaitingToReconnect && stream.Connections == 0;
            bool firstRefusal = stream.State == StreamState.TokenRefused && stream.TokenRefusals == 1;
            lock (_policy)
            {
                if (!firstRefusal && !(neverConnected && !_serverAdviceGiven))
                {
                    return;
                }

                // What to check: once for a server never reached (not at every back-off step), and once for each run of
                // refusals of a token (not at every try).
                _serverAdviceGiven = _serverAdviceGiven || neverConnected;
                StartupFailure failure = neverConnected ? StartupFailure.ServerUnreachable : StartupFailure.ServerRejectedToken;
                _log.Write("Stream " + name + ": " + _policy.Decide(failure).Advice);
            }
        }

        private void ReportSensorError(SensorErrorEventArgs e)
        {
            _log.Write("Sensor: " + e.Error.Message + " (error " + e.ErrorCount.ToString() + ", retrying in " + e.RetryDelayMilliseconds.ToString() + " ms)");
            if (e.StartsAFault)
            {
                lock (_policy)
                {
                    _log.Write("Sensor: " + _policy.Decide(StartupFailure.SensorNotAnswering).Advice);
                }
            }
        }
    }
}
