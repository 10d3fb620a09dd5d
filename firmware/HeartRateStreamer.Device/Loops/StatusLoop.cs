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
    /// The device's housekeeping, from power-on: drives the status LED (a flash per beat while a finger is on, the core
    /// patterns otherwise), logs the reading every few seconds, switches point times to UTC when SNTP sets the clock,
    /// logs the counters since boot, has the plot made again when it needs to be, and once Wi-Fi has been joined keeps the device on the network
    /// (<see cref="NetworkRecoveryPolicy"/>): a monitor that is useful offline as well as online.
    /// </summary>
    public sealed class StatusLoop : DeviceLoop
    {
        // The link is looked at when its change count moves (the stack's events: at once); asking for the address
        // allocates a little, so it is polled only this seldom besides, in case the stack missed an event. The wall clock
        // is steered on the same beat.
        private const int NetworkCheckMilliseconds = 2000;

        // A stack may report a change before the interface's address is set or cleared, so a report is followed by this
        // many more looks this far apart, until one sees the change: a second instead of the poll's two.
        private const int SettleChecks = 4;
        private const int SettleCheckMilliseconds = 250;

        // The reading on the serial log: often enough to follow, seldom enough to read.
        private const int ReadingLogMilliseconds = 5000;

        // A correction of the wall clock this large is worth a log line (a crystal's drift between SNTP updates is less).
        private const int LargeClockCorrectionMilliseconds = 1000;

        // An explicit reconnection (on its own thread) waits this long for an address.
        private const int ReconnectTimeoutMilliseconds = 30000;

        // How often the plot is asked whether it needs making again for streams that report nothing while they stay
        // connected (DevicePlot.RemakeIfServerFailed keeps its remakes a minute apart on its own).
        private const int PlotUpkeepMilliseconds = 5000;

        private readonly IDevicePlatform _platform;
        private readonly IClock _clock;
        private readonly DeviceReboot _reboot;
        private readonly object _ledLock = new object();

        // The sample counters are ints (Interlocked has no long) that wrap after about 62 days at 400 samples/s: the log
        // gives their totals, which do not.
        private readonly CounterTotal _samples = new CounterTotal();
        private readonly CounterTotal _lostSamples = new CounterTotal();
        private readonly CounterTotal _droppedSamples = new CounterTotal();
        private readonly CounterTotal _processedSamples = new CounterTotal();

        private IStatusLed? _led;
        private bool _isNetworkUp;
        private int _networkChangesSeen;
        private int _settleChecksLeft;
        private long _nextSettleCheck;
        private bool _isFollowingClockCorrection;
        private long _nextNetworkCheck;
        private long _nextReport;
        private long _nextReading;
        private int _lastBeatCount;
        private long _lastBeatMilliseconds = long.MinValue / 2;
        private Reconnection? _reconnection;
        private NetworkRecoveryPolicy? _recovery;

        private bool _isAttached;
        private PulsePipeline? _pipeline;
        private FixedRateSampler? _sampler;
        private SampleRingBuffer? _buffer;
        private PlotStream[] _streams = new PlotStream[0];
        private DevicePlot? _plot;
        private long _nextPlotUpkeep;
        private StreamTimeBase? _timeBase;
        private int _reportMilliseconds;

        /// <summary>The loop; nothing is shown until <see cref="UseLed"/>.</summary>
        public StatusLoop(IDevicePlatform platform, DeviceLog log, DeviceReboot reboot)
            : base("status", log)
        {
            _platform = platform;
            _clock = platform.Clock;
            _reboot = reboot;
        }

        /// <summary>Shows the patterns on <paramref name="led"/> from now on (null: no LED).</summary>
        public void UseLed(IStatusLed? led)
        {
            lock (_ledLock)
            {
                _led = led;
            }
        }

        /// <summary>
        /// Hands over what the measuring device is made of: from now on the LED follows it, its readings and counters are
        /// logged, and <paramref name="plot"/> is kept for <paramref name="streams"/>.
        /// </summary>
        public void Attach(PulsePipeline pipeline, FixedRateSampler sampler, SampleRingBuffer buffer, PlotStream[] streams, DevicePlot plot, StreamTimeBase timeBase, int reportMilliseconds)
        {
            _pipeline = pipeline;
            _sampler = sampler;
            _buffer = buffer;
            _streams = streams;
            _plot = plot;
            _timeBase = timeBase;
            _reportMilliseconds = reportMilliseconds;
            _nextReport = _clock.Milliseconds + reportMilliseconds;
            _nextReading = _clock.Milliseconds + ReadingLogMilliseconds;
            _isAttached = true;
        }

        /// <summary>From now on (Wi-Fi has been joined once) a lost network is reconnected by <paramref name="recovery"/>'s rules.</summary>
        public void SuperviseNetwork(NetworkRecoveryPolicy recovery)
        {
            _recovery = recovery;
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
                bool hasError = _sampler!.ConsecutiveFailureCount > 0 || pulse.State == StreamState.TokenRefused;
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
            // Read before the link's state: a change after this read moves the count for the next pass.
            int networkChanges = _platform.Network.ChangeCount;
            bool reported = networkChanges != _networkChangesSeen;
            _networkChangesSeen = networkChanges;
            bool poll = now >= _nextNetworkCheck;
            bool settleDue = _settleChecksLeft > 0 && now >= _nextSettleCheck;
            if (poll || reported || settleDue)
            {
                if (CheckNetwork())
                {
                    _settleChecksLeft = 0;
                }
                else if (reported)
                {
                    _settleChecksLeft = SettleChecks; // the address may follow the report late: look again
                }
                else if (settleDue)
                {
                    _settleChecksLeft--;
                }

                _nextSettleCheck = now + SettleCheckMilliseconds;
            }

            if (poll)
            {
                _nextNetworkCheck = now + NetworkCheckMilliseconds;
                SteerClock();
            }

            if (_isAttached)
            {
                NoticeBeat(now);
                if (now >= _nextReading)
                {
                    _nextReading = now + ReadingLogMilliseconds;
                    LogReading();
                }

                if (now >= _nextReport)
                {
                    _nextReport = now + _reportMilliseconds;
                    Report();
                }

                if (now >= _nextPlotUpkeep)
                {
                    _nextPlotUpkeep = now + PlotUpkeepMilliseconds;
                    KeepPlot();
                }
            }

            lock (_ledLock)
            {
                if (_led != null)
                {
                    _led.Show(StatusLedPattern.IsLit(CurrentStatus, now, _lastBeatMilliseconds));
                }
            }

            return StatusLedPattern.TickMilliseconds;
        }

        // A new accepted beat since the last tick starts the LED's flash now (a tick is well within a beat).
        private void NoticeBeat(long now)
        {
            int beats = _pipeline!.Estimator.BeatCount;
            if (beats != _lastBeatCount)
            {
                _lastBeatCount = beats;
                _lastBeatMilliseconds = now;
            }
        }

        // True when the link went down or came back since the last look.
        private bool CheckNetwork()
        {
            bool wasUp = _isNetworkUp;
            _isNetworkUp = _platform.Network.IsConnected;
            NetworkRecoveryPolicy? recovery = _recovery;
            if (recovery != null)
            {
                if (wasUp != _isNetworkUp)
                {
                    Log.Write(_isNetworkUp ? "Wi-Fi: connected again, address " + _platform.Network.Address : "Wi-Fi: connection lost; waiting for the automatic reconnection. The device measures on.");
                }

                if (recovery.Check(_isNetworkUp) == NetworkRecoveryAction.Reconnect)
                {
                    StartReconnection(recovery);
                }
            }

            return wasUp != _isNetworkUp;
        }

        private void SteerClock()
        {
            StreamTimeBase? timeBase = _timeBase;
            if (timeBase == null || !_platform.WallClock.IsSet)
            {
                return;
            }

            // Monotonic time 0 was this UTC instant, as far as the wall clock knows now.
            long origin = _platform.WallClock.UtcNowUnixMilliseconds - _clock.Milliseconds;
            if (!timeBase.IsUtc)
            {
                // The streams rewrite their windows with dates.
                timeBase.SetUtcOrigin(origin);
                Log.Write("Time: the clock is set now; points carry UTC dates from here on (the windows are resent with dates).");
                return;
            }

            // SNTP keeps correcting the wall clock, not the crystal that times the samples: point times follow it in small steps.
            long behind = timeBase.SteerUtcOrigin(origin);
            if ((behind > LargeClockCorrectionMilliseconds || behind < -LargeClockCorrectionMilliseconds) && !_isFollowingClockCorrection)
            {
                Log.Write("Time: the clock was corrected by " + behind.ToString() + " ms; point times follow it by "
                    + StreamTimeBase.MaximumSteerMilliseconds.ToString() + " ms every " + (NetworkCheckMilliseconds / 1000).ToString() + " s, so they stay in order.");
            }

            _isFollowingClockCorrection = behind > LargeClockCorrectionMilliseconds || behind < -LargeClockCorrectionMilliseconds;
        }

        // Reconnects on a thread of its own, so the LED keeps blinking; never two at once.
        private void StartReconnection(NetworkRecoveryPolicy recovery)
        {
            if (_reconnection != null && !_reconnection.IsDone)
            {
                return;
            }

            Log.Write("Wi-Fi: offline for " + (recovery.OfflineMilliseconds / 1000).ToString() + " s; asking for a reconnection.");
            var reconnection = new Reconnection(_platform.Network, ReconnectTimeoutMilliseconds, Log);
            _platform.Threads.Start(reconnection);
            _reconnection = reconnection; // only once it runs: a job that never started must not hold off the next one
        }

        // A plot start-up or a remake could not make (the server down or failing) is made again once the server answers,
        // which a stream says by connecting; one that stays connected says nothing more, so it is asked here too.
        private void KeepPlot()
        {
            for (int i = 0; i < _streams.Length; i++)
            {
                _plot!.RemakeIfServerFailed(_streams[i]);
            }
        }

        private void LogReading()
        {
            Log.Write("Reading: " + ReadingText.Describe(_pipeline!) + ".");
        }

        private void Report()
        {
            FixedRateSampler sampler = _sampler!;
            PulsePipeline pipeline = _pipeline!;
            Log.Write("Counters since boot: samples " + _samples.Update(sampler.SampleCount).ToString()
                + ", lost by the sensor " + _lostSamples.Update(sampler.LostSampleCount).ToString()
                + ", dropped with the buffer full " + _droppedSamples.Update(_buffer!.DroppedCount).ToString()
                + ", processed " + _processedSamples.Update(pipeline.SamplesProcessed).ToString()
                + "; sensor errors " + sampler.ErrorCount.ToString() + " (" + sampler.RecoveredReadCount.ToString() + " passed when read again)"
                + ", sensor starts " + sampler.StartCount.ToString()
                + "; beats " + pipeline.Estimator.BeatCount.ToString());
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
