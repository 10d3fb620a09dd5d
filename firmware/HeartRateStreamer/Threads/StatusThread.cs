using System;
using System.Threading;
using HeartRateStreamer.Adapters;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Status;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Threads
{
    /// <summary>
    /// The device's housekeeping, from power-on: drives the status LED with the core patterns, and once the device runs
    /// (<see cref="Attach"/>) keeps it on the network (<see cref="NetworkRecoveryPolicy"/>), switches point times to UTC
    /// when SNTP sets the clock late, and logs the counters since boot (points sent, coalesced, resent; samples lost).
    /// </summary>
    public sealed class StatusThread
    {
        // LED patterns are made of 100 ms spans; a 50 ms tick draws them faithfully.
        private const int TickMilliseconds = 50;

        // Asking for the interface address allocates a little; every 2 s is enough to notice a drop.
        private const int NetworkCheckMilliseconds = 2000;

        // An explicit reconnection (on its own thread) waits this long for an address.
        private const int ReconnectTimeoutMilliseconds = 30000;

        private readonly IClock _clock;
        private readonly WifiConnection _wifi;
        private readonly object _ledLock = new object();
        private GpioStatusLed? _led;
        private bool _hasConfigurationError;
        private bool _isNetworkUp;

        private bool _isAttached;
        private PulsePipeline? _pipeline;
        private FixedRateSampler? _sampler;
        private SampleRingBuffer? _buffer;
        private PlotStream[] _streams = new PlotStream[0];
        private StreamTimeBase? _timeBase;
        private NetworkRecoveryPolicy? _recovery;
        private LoopMonitor? _loops;
        private int _loopId;
        private int _reportMilliseconds;
        private int _rebootDelayMilliseconds;
        private int _reconnecting;

        /// <summary>Creates the thread's body; nothing is shown until <see cref="UseLed"/>.</summary>
        public StatusThread(IClock clock, WifiConnection wifi)
        {
            _clock = clock;
            _wifi = wifi;
        }

        /// <summary>The GPIO of the LED in use, or -1.</summary>
        public int LedPin
        {
            get
            {
                lock (_ledLock)
                {
                    return _led == null ? -1 : _led.PinNumber;
                }
            }
        }

        /// <summary>Shows the patterns on <paramref name="led"/> from now on (null: no LED); a previous LED is turned off and released.</summary>
        public void UseLed(GpioStatusLed? led)
        {
            lock (_ledLock)
            {
                if (_led != null)
                {
                    _led.Dispose();
                }

                _led = led;
            }
        }

        /// <summary>Shows the error pattern while the configuration is missing or unusable.</summary>
        public void SetConfigurationError(bool hasError)
        {
            _hasConfigurationError = hasError;
        }

        /// <summary>Hands over what the running device is made of; from now on the network is supervised and counters are reported.</summary>
        public void Attach(
            PulsePipeline pipeline,
            FixedRateSampler sampler,
            SampleRingBuffer buffer,
            PlotStream[] streams,
            StreamTimeBase timeBase,
            NetworkRecoveryPolicy recovery,
            LoopMonitor loops,
            int loopId,
            int reportMilliseconds,
            int rebootDelayMilliseconds)
        {
            _pipeline = pipeline;
            _sampler = sampler;
            _buffer = buffer;
            _streams = streams;
            _timeBase = timeBase;
            _recovery = recovery;
            _loops = loops;
            _loopId = loopId;
            _reportMilliseconds = reportMilliseconds;
            _rebootDelayMilliseconds = rebootDelayMilliseconds;
            _isAttached = true;
        }

        /// <summary>Starts the thread.</summary>
        public void Start()
        {
            new Thread(Run).Start();
        }

        private void Run()
        {
            long nextNetworkCheck = 0;
            long nextReport = _clock.Milliseconds;
            while (true)
            {
                try
                {
                    long now = _clock.Milliseconds;
                    if (now >= nextNetworkCheck)
                    {
                        nextNetworkCheck = now + NetworkCheckMilliseconds;
                        CheckNetworkAndClock();
                    }

                    if (_isAttached && now >= nextReport)
                    {
                        nextReport = now + _reportMilliseconds;
                        Report();
                    }

                    lock (_ledLock)
                    {
                        if (_led != null)
                        {
                            _led.Show(StatusLedPattern.IsLit(CurrentStatus(), now));
                        }
                    }

                    if (_isAttached)
                    {
                        _loops!.ReportProgress(_loopId);
                    }
                }
                catch (Exception e)
                {
                    DeviceLog.Write("Status: unexpected " + e.GetType().Name + ": " + e.Message + "; the loop goes on.");
                }

                Thread.Sleep(TickMilliseconds);
            }
        }

        private DeviceStatus CurrentStatus()
        {
            if (!_isAttached)
            {
                return StatusEvaluator.Evaluate(_hasConfigurationError, _isNetworkUp, false, false);
            }

            PlotStream pulse = _streams[0];
            bool hasError = _hasConfigurationError || _sampler!.ConsecutiveFailureCount > 0 || pulse.State == StreamState.Stopped;
            return StatusEvaluator.Evaluate(hasError, _isNetworkUp, pulse.State == StreamState.Streaming, _pipeline!.IsFingerPresent);
        }

        private void CheckNetworkAndClock()
        {
            bool wasUp = _isNetworkUp;
            _isNetworkUp = _wifi.IsConnected;
            if (!_isAttached)
            {
                return;
            }

            if (wasUp != _isNetworkUp)
            {
                DeviceLog.Write(_isNetworkUp ? "Wi-Fi: connected again, address " + _wifi.Address : "Wi-Fi: connection lost; waiting for the automatic reconnection.");
            }

            NetworkRecoveryAction action = _recovery!.Check(_isNetworkUp);
            if (action == NetworkRecoveryAction.Reconnect)
            {
                StartReconnection();
            }
            else if (action == NetworkRecoveryAction.Reboot)
            {
                DeviceReboot.After(_rebootDelayMilliseconds, "no network for " + (_recovery.OfflineMilliseconds / 1000).ToString()
                    + " s despite reconnecting; a reboot resets the radio.");
            }

            if (!_timeBase!.IsUtc && SntpTime.IsClockSet)
            {
                // Monotonic time 0 was this UTC instant; the streams rewrite their windows with dates.
                _timeBase.SetUtcOrigin(SntpTime.UtcNowUnixMilliseconds - _clock.Milliseconds);
                DeviceLog.Write("Time: the clock is set now (" + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + " UTC); points carry UTC dates from here on.");
            }
        }

        // Reconnects on a thread of its own, so the LED keeps blinking; never two at once.
        private void StartReconnection()
        {
            if (Interlocked.CompareExchange(ref _reconnecting, 1, 0) != 0)
            {
                return;
            }

            DeviceLog.Write("Wi-Fi: offline for " + (_recovery!.OfflineMilliseconds / 1000).ToString() + " s; asking for a reconnection.");
            new Thread(Reconnect).Start();
        }

        private void Reconnect()
        {
            try
            {
                bool connected = _wifi.Reconnect(ReconnectTimeoutMilliseconds);
                DeviceLog.Write(connected ? "Wi-Fi: reconnected, address " + _wifi.Address : "Wi-Fi: the reconnection timed out; trying again in a minute.");
            }
            catch (Exception e)
            {
                DeviceLog.Write("Wi-Fi: the reconnection failed: " + e.Message);
            }
            finally
            {
                Interlocked.Exchange(ref _reconnecting, 0);
            }
        }

        private void Report()
        {
            FixedRateSampler sampler = _sampler!;
            DeviceLog.Write("Counters since boot: samples " + sampler.SampleCount.ToString()
                + ", lost by the sensor " + sampler.LostSampleCount.ToString()
                + ", dropped with the buffer full " + _buffer!.DroppedCount.ToString()
                + ", processed " + _pipeline!.SamplesProcessed.ToString()
                + "; sensor errors " + sampler.ErrorCount.ToString() + ", sensor starts " + sampler.StartCount.ToString()
                + "; finger " + (_pipeline.IsFingerPresent ? "on" : "off")
                + ", heart rate " + (_pipeline.Estimator.HasHeartRate ? ((int)(_pipeline.Estimator.HeartRateBeatsPerMinute + 0.5f)).ToString() + " bpm" : "none")
                + ", signal quality " + _pipeline.Estimator.SignalQualityPercent.ToString() + " %");
            for (int i = 0; i < _streams.Length; i++)
            {
                PlotStream stream = _streams[i];
                DeviceLog.Write("  stream " + stream.Name + ": " + StateName(stream.State)
                    + "; points sent " + stream.PointsSent.ToString()
                    + ", coalesced (kept in the window) " + stream.PointsCoalesced.ToString()
                    + ", windows resent " + stream.WindowsSent.ToString()
                    + ", heartbeats " + stream.HeartbeatsSent.ToString()
                    + ", reconnections " + stream.Reconnects.ToString()
                    + (stream.LastServerStatus != 0 ? ", last server status " + stream.LastServerStatus.ToString() : ""));
            }
        }

        private static string StateName(StreamState state)
        {
            switch (state)
            {
                case StreamState.Streaming:
                    return "streaming";
                case StreamState.WaitingToReconnect:
                    return "waiting to reconnect";
                case StreamState.Stopped:
                    return "stopped (the server does not know the token)";
                case StreamState.Ended:
                    return "ended";
                default:
                    return "not connected yet";
            }
        }
    }
}
