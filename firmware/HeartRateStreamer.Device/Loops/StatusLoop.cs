using HeartRateStreamer.Buffers;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Status;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// The device's housekeeping, from power-on: drives the status LED with the core patterns, and once the device runs
    /// (<see cref="Attach"/>) keeps it on the network (<see cref="NetworkRecoveryPolicy"/>), switches point times to UTC
    /// when SNTP sets the clock late, and logs the counters since boot (points sent, coalesced, resent; samples lost).
    /// </summary>
    public sealed class StatusLoop : DeviceLoop
    {
        // LED patterns are made of 100 ms spans; a 50 ms tick draws them faithfully.
        private const int TickMilliseconds = 50;

        // Asking for the interface address allocates a little; every 2 s is enough to notice a drop.
        private const int NetworkCheckMilliseconds = 2000;

        // An explicit reconnection (on its own thread) waits this long for an address.
        private const int ReconnectTimeoutMilliseconds = 30000;

        private readonly IDevicePlatform _platform;
        private readonly IClock _clock;
        private readonly DeviceReboot _reboot;
        private readonly int _rebootDelayMilliseconds;
        private readonly object _ledLock = new object();
        private IStatusLed? _led;
        private bool _isNetworkUp;
        private long _nextNetworkCheck;
        private long _nextReport;
        private Reconnection? _reconnection;

        private bool _isAttached;
        private PulsePipeline? _pipeline;
        private FixedRateSampler? _sampler;
        private SampleRingBuffer? _buffer;
        private PlotStream[] _streams = new PlotStream[0];
        private StreamTimeBase? _timeBase;
        private NetworkRecoveryPolicy? _recovery;
        private int _reportMilliseconds;

        /// <summary>The loop; nothing is shown until <see cref="UseLed"/>.</summary>
        public StatusLoop(IDevicePlatform platform, DeviceLog log, DeviceReboot reboot, int rebootDelayMilliseconds)
            : base("status", log)
        {
            _platform = platform;
            _clock = platform.Clock;
            _reboot = reboot;
            _rebootDelayMilliseconds = rebootDelayMilliseconds;
        }

        /// <summary>The LED in use, or null.</summary>
        public IStatusLed? Led
        {
            get
            {
                lock (_ledLock)
                {
                    return _led;
                }
            }
        }

        /// <summary>Shows the patterns on <paramref name="led"/> from now on (null: no LED).</summary>
        public void UseLed(IStatusLed? led)
        {
            lock (_ledLock)
            {
                _led = led;
            }
        }

        /// <summary>Hands over what the running device is made of; from now on the network is supervised and counters are reported.</summary>
        public void Attach(
            PulsePipeline pipeline,
            FixedRateSampler sampler,
            SampleRingBuffer buffer,
            PlotStream[] streams,
            StreamTimeBase timeBase,
            NetworkRecoveryPolicy recovery,
            int reportMilliseconds)
        {
            _pipeline = pipeline;
            _sampler = sampler;
            _buffer = buffer;
            _streams = streams;
            _timeBase = timeBase;
            _recovery = recovery;
            _reportMilliseconds = reportMilliseconds;
            _nextReport = _clock.Milliseconds + reportMilliseconds;
            _isAttached = true;
        }

        /// <summary>What the LED shows now.</summary>
        public DeviceStatus CurrentStatus
        {
            get
            {
                if (!_isAttached)
                {
                    return StatusEvaluator.Evaluate(false, _isNetworkUp, false, false);
                }

                PlotStream pulse = _streams[0];
                bool hasError = _sampler!.ConsecutiveFailureCount > 0 || pulse.State == StreamState.Stopped;
                return StatusEvaluator.Evaluate(hasError, _isNetworkUp, pulse.State == StreamState.Streaming, _pipeline!.IsFingerPresent);
            }
        }

        /// <inheritdoc />
        protected override int Step()
        {
            if (_reboot.IsRequested)
            {
                return Finished;
            }

            long now = _clock.Milliseconds;
            if (now >= _nextNetworkCheck)
            {
                _nextNetworkCheck = now + NetworkCheckMilliseconds;
                CheckNetworkAndClock();
            }

            if (_isAttached && now >= _nextReport)
            {
                _nextReport = now + _reportMilliseconds;
                Report();
            }

            lock (_ledLock)
            {
                if (_led != null)
                {
                    _led.Show(StatusLedPattern.IsLit(CurrentStatus, now));
                }
            }

            return TickMilliseconds;
        }

        private void CheckNetworkAndClock()
        {
            bool wasUp = _isNetworkUp;
            _isNetworkUp = _platform.Network.IsConnected;
            if (!_isAttached)
            {
                return;
            }

            if (wasUp != _isNetworkUp)
            {
                Log.Write(_isNetworkUp ? "Wi-Fi: connected again, address " + _platform.Network.Address : "Wi-Fi: connection lost; waiting for the automatic reconnection.");
            }

            NetworkRecoveryAction action = _recovery!.Check(_isNetworkUp);
            if (action == NetworkRecoveryAction.Reconnect)
            {
                StartReconnection();
            }
            else if (action == NetworkRecoveryAction.Reboot)
            {
                _reboot.After(_rebootDelayMilliseconds, "no network for " + (_recovery.OfflineMilliseconds / 1000).ToString()
                    + " s despite reconnecting; a reboot resets the radio.");
            }

            if (!_timeBase!.IsUtc && _platform.WallClock.IsSet)
            {
                // Monotonic time 0 was this UTC instant; the streams rewrite their windows with dates.
                _timeBase.SetUtcOrigin(_platform.WallClock.UtcNowUnixMilliseconds - _clock.Milliseconds);
                Log.Write("Time: the clock is set now; points carry UTC dates from here on.");
            }
        }

        // Reconnects on a thread of its own, so the LED keeps blinking; never two at once.
        private void StartReconnection()
        {
            if (_reconnection != null && !_reconnection.IsDone)
            {
                return;
            }

            Log.Write("Wi-Fi: offline for " + (_recovery!.OfflineMilliseconds / 1000).ToString() + " s; asking for a reconnection.");
            _reconnection = new Reconnection(_platform.Network, ReconnectTimeoutMilliseconds, Log);
            _platform.Threads.Start(_reconnection);
        }

        private void Report()
        {
            FixedRateSampler sampler = _sampler!;
            PulsePipeline pipeline = _pipeline!;
            Log.Write("Counters since boot: samples " + sampler.SampleCount.ToString()
                + ", lost by the sensor " + sampler.LostSampleCount.ToString()
                + ", dropped with the buffer full " + _buffer!.DroppedCount.ToString()
                + ", processed " + pipeline.SamplesProcessed.ToString()
                + "; sensor errors " + sampler.ErrorCount.ToString() + ", sensor starts " + sampler.StartCount.ToString()
                + "; finger " + (pipeline.IsFingerPresent ? "on" : "off")
                + ", heart rate " + (pipeline.Estimator.HasHeartRate ? ((int)(pipeline.Estimator.HeartRateBeatsPerMinute + 0.5f)).ToString() + " bpm" : "none")
                + ", signal quality " + pipeline.Estimator.SignalQualityPercent.ToString() + " %");
            for (int i = 0; i < _streams.Length; i++)
            {
                PlotStream stream = _streams[i];
                Log.Write("  stream " + stream.Name + ": " + StreamStateNames.Describe(stream.State)
                    + "; points sent " + stream.PointsSent.ToString()
                    + ", coalesced (kept in the window) " + stream.PointsCoalesced.ToString()
                    + ", windows resent " + stream.WindowsSent.ToString()
                    + ", heartbeats " + stream.HeartbeatsSent.ToString()
                    + ", reconnections " + stream.Reconnects.ToString()
                    + (stream.LastServerStatus != 0 ? ", last server status " + stream.LastServerStatus.ToString() : ""));
            }
        }
    }
}
