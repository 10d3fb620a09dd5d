using System;
using System.IO;
using System.Threading;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Sampling
{
    /// <summary>
    /// The body of the sampling loop: each <see cref="Poll"/> reads what the sensor has ready, timestamps every sample
    /// (a buffering sensor's by its own sample clock, <see cref="SampleClock"/>; an ADC's by the poll time, when it was
    /// converted) and puts it into the ring buffer, then says how long to wait before the next call. A thread owned
    /// by the firmware (or the virtual device) calls it forever:
    /// <code>while (true) { Thread.Sleep(sampler.Poll()); }</code>
    /// </summary>
    /// <remarks>
    /// Polls follow a fixed schedule (due times advance by the poll interval, not from "now"), so the rate does not
    /// drift with the loop's own run time. Nothing the sensor throws ends the loop: the error is counted, reported
    /// through <see cref="SensorError"/>, and the sensor is started again after a back-off that doubles with every
    /// consecutive failure up to a ceiling. A sensor that answers but gives no sample and no loss for
    /// <see cref="SilentSensorMilliseconds"/> counts as failed the same way. The steady state allocates nothing. Call <see cref="Poll"/> from one
    /// thread; the counters may be read from any thread.
    /// </remarks>
    public sealed class FixedRateSampler
    {
        /// <summary>Wait before the first retry after a failure.</summary>
        public const int DefaultFirstRetryDelayMilliseconds = 100;

        /// <summary>The back-off stops doubling here.</summary>
        public const int DefaultMaximumRetryDelayMilliseconds = 10000;

        /// <summary>
        /// <see cref="SamplesStored"/> is set at most this often: the estimator's loop works in batches, and the pulse
        /// wave it feeds goes out every 50 ms, so waking it for each single ADC sample would only cost passes.
        /// </summary>
        public const int WakeIntervalMilliseconds = 40;

        /// <summary>
        /// A started sensor that gives no sample and reports none lost for this long (or for <see cref="SilentSensorSampleIntervals"/> sample
        /// intervals, if longer) has stopped sampling without an error: it still answers every read with "nothing new".
        /// It is treated as failed and started again, which re-initialises it. (A MAX30102 whose supply dipped comes back
        /// idle this way, but its driver reports that at the next read, by PWR_RDY; this limit catches what stops unflagged.)
        /// </summary>
        public const int SilentSensorMilliseconds = 1000;

        /// <summary>At slow rates the silence limit is this many sample intervals instead (a sample may be 640 ms apart).</summary>
        public const int SilentSensorSampleIntervals = 4;

        /// <summary>Failures less than this apart are one fault (<see cref="SensorErrorEventArgs.StartsAFault"/>).</summary>
        public const int FaultGapMilliseconds = 60000;

        private const int MicrosecondsPerMillisecond = 1000;
        private const long NanosecondsPerMicrosecond = 1000;
        private const long NanosecondsPerMillisecond = 1000000;

        // No silence verdict put off: every time is at or after it, so a silence is judged at once.
        private const long NoSilenceDeferred = long.MinValue;

        private readonly ISampleSource _source;
        private readonly SampleRingBuffer _buffer;
        private readonly IClock _clock;
        private readonly SampleClock? _sampleClock;
        private readonly int[] _red;
        private readonly int[] _infrared;
        private readonly int _firstRetryDelayMilliseconds;
        private readonly int _maximumRetryDelayMilliseconds;
        private readonly long _silenceLimitMilliseconds;

        // Made once: the same one serves every time the sensor falls silent (nothing allocates on the sampling path).
        private readonly IOException _silentSensorError;

        private bool _isStarted;
        private long _nextPollMicroseconds;
        private long _retryAtMilliseconds;
        private int _retryDelayMilliseconds;
        private long _lastTimestampMilliseconds;
        private long _lastSampleAtMilliseconds;
        // When a silence whose verdict was put off (see Poll) is judged; NoSilenceDeferred when none is.
        private long _silenceVerdictAtMilliseconds = NoSilenceDeferred;
        private int _lastSourceLostCount;
        private long _lastWakeMilliseconds = long.MinValue / 2;
        private long _lastFailureMilliseconds = long.MinValue / 2;

        private int _pollCount;
        private int _sampleCount;
        private int _lostSampleCount;
        private int _errorCount;
        private int _recoveredReadCount;
        private int _consecutiveFailureCount;
        private int _startCount;
        private int _eventHandlerFailureCount;

        /// <summary>Creates a sampler with the default back-off (100 ms doubling up to 10 s).</summary>
        public FixedRateSampler(ISampleSource source, SampleRingBuffer buffer, IClock clock)
            : this(source, buffer, clock, DefaultFirstRetryDelayMilliseconds, DefaultMaximumRetryDelayMilliseconds)
        {
        }

        /// <summary>Creates a sampler. The sensor is started by the first <see cref="Poll"/>, not here.</summary>
        public FixedRateSampler(ISampleSource source, SampleRingBuffer buffer, IClock clock, int firstRetryDelayMilliseconds, int maximumRetryDelayMilliseconds)
        {
            if (source == null)
            {
                throw new ArgumentNullException(nameof(source), "Pass the sensor to sample.");
            }

            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer), "Pass the ring buffer the samples go to.");
            }

            if (clock == null)
            {
                throw new ArgumentNullException(nameof(clock), "Pass the monotonic clock that timestamps the samples.");
            }

            if (firstRetryDelayMilliseconds < 1 || maximumRetryDelayMilliseconds < firstRetryDelayMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(firstRetryDelayMilliseconds), "The first retry delay must be at least 1 ms and no longer than the maximum retry delay.");
            }

            if (source.SampleIntervalMicroseconds < 1 || source.PollIntervalMicroseconds < 1 || source.MaximumSamplesPerRead < 1)
            {
                throw new ArgumentException("The sample source reports a sample interval, poll interval or batch size below 1; it is misconfigured.", nameof(source));
            }

            _source = source;
            _buffer = buffer;
            _clock = clock;
            _firstRetryDelayMilliseconds = firstRetryDelayMilliseconds;
            _maximumRetryDelayMilliseconds = maximumRetryDelayMilliseconds;
            _sampleClock = source.BuffersSamples ? new SampleClock(source.SampleIntervalMicroseconds, source.PollIntervalMicroseconds, source.LosesNewestWhenFull) : null;
            _red = new int[source.MaximumSamplesPerRead];
            _infrared = new int[source.MaximumSamplesPerRead];
            _lastTimestampMilliseconds = long.MinValue;
            long silence = (long)SilentSensorSampleIntervals * source.SampleIntervalMicroseconds / MicrosecondsPerMillisecond;
            _silenceLimitMilliseconds = silence > SilentSensorMilliseconds ? silence : SilentSensorMilliseconds;
            _silentSensorError = new IOException("The sensor gave no sample for " + _silenceLimitMilliseconds.ToString()
                + " ms although it answers: it stopped sampling without reporting an error. Starting it again.");
        }

        /// <summary>Raised after every sensor error, on the polling thread. An exception thrown by a handler is counted, not propagated.</summary>
        public event SensorErrorEventHandler? SensorError;

        /// <summary>Set after a read that stored samples (at most every <see cref="WakeIntervalMilliseconds"/>), so the loop that processes them wakes for them (null: nobody waits).</summary>
        public IWakeSignal? SamplesStored { get; set; }

        /// <summary>Calls of <see cref="Poll"/> so far: a supervisor watches it move to know the loop is alive.</summary>
        public int PollCount => _pollCount;

        /// <summary>Samples read from the sensor so far (the ring buffer's DroppedCount says how many of them found it full).</summary>
        public int SampleCount => _sampleCount;

        /// <summary>Samples that never arrived: the sensor's own losses plus polls missed on a source that does not buffer.</summary>
        public int LostSampleCount => _lostSampleCount;

        /// <summary>Sensor errors so far (failed starts and failed reads, a read that succeeded when tried again included).</summary>
        public int ErrorCount => _errorCount;

        /// <summary>Failed reads of a buffering sensor that succeeded when tried again at once: bus glitches that cost no sample.</summary>
        public int RecoveredReadCount => _recoveredReadCount;

        /// <summary>Failures since the last successful read; 0 while all is well.</summary>
        public int ConsecutiveFailureCount => _consecutiveFailureCount;

        /// <summary>Successful starts of the sensor: 1 after a clean start-up, more after recoveries.</summary>
        public int StartCount => _startCount;

        /// <summary>Exceptions thrown by <see cref="SensorError"/> handlers, which the sampler caught.</summary>
        public int EventHandlerFailureCount => _eventHandlerFailureCount;

        /// <summary>True while the sensor is started and being read; false while waiting to retry after a failure.</summary>
        public bool IsSensorRunning => _isStarted;

        /// <summary>
        /// One step of the loop. Starts the sensor if needed (or waits out the back-off), reads it when a poll is due,
        /// and returns how many milliseconds to wait before the next call (0 means call again now). Never throws
        /// because of the sensor.
        /// </summary>
        public int Poll()
        {
            Interlocked.Increment(ref _pollCount);
            long nowMilliseconds = _clock.Milliseconds;

            if (!_isStarted)
            {
                if (nowMilliseconds < _retryAtMilliseconds)
                {
                    return MillisecondsUntil(_retryAtMilliseconds, nowMilliseconds);
                }

                if (!TryStart(nowMilliseconds))
                {
                    return MillisecondsUntil(_retryAtMilliseconds, nowMilliseconds);
                }
            }

            long nowMicroseconds = nowMilliseconds * MicrosecondsPerMillisecond;
            if (nowMicroseconds < _nextPollMicroseconds)
            {
                return MicrosecondsToWaitMilliseconds(_nextPollMicroseconds - nowMicroseconds);
            }

            int count;
            int newlyLost;
            try
            {
                int recoveredBefore = _recoveredReadCount;
                count = Read();

                // A reported loss is a sign of life too (a broken-off read that popped a whole full FIFO returns none):
                // taken first, it is counted before anything restarts the sensor, which would forget it.
                newlyLost = TakeSourceLosses();
                if (count == 0 && newlyLost == 0 && nowMilliseconds - _lastSampleAtMilliseconds > _silenceLimitMilliseconds)
                {
                    // A read that failed with data in flight and then found none may have popped a whole full FIFO with
                    // nothing lost, which the source tells only once a sample arrives (at slow sample rates a full FIFO
                    // is older than the limit), and a restart now would clear what tells it: the verdict waits one
                    // sample interval, once.
                    if (_silenceVerdictAtMilliseconds == NoSilenceDeferred && _recoveredReadCount != recoveredBefore)
                    {
                        _silenceVerdictAtMilliseconds = nowMilliseconds + (_source.SampleIntervalMicroseconds / MicrosecondsPerMillisecond) + 1;
                    }
                    else if (nowMilliseconds >= _silenceVerdictAtMilliseconds)
                    {
                        // A failure like any other: counted, reported, and the restart re-initialises the sensor.
                        throw _silentSensorError;
                    }
                }
                else
                {
                    _silenceVerdictAtMilliseconds = NoSilenceDeferred;
                }
            }
            catch (Exception exception)
            {
                Fail(exception, nowMilliseconds);
                return MillisecondsUntil(_retryAtMilliseconds, nowMilliseconds);
            }

            if (count > 0 || newlyLost > 0)
            {
                _lastSampleAtMilliseconds = nowMilliseconds;
            }

            Store(count, newlyLost, nowMicroseconds);
            IWakeSignal? samplesStored = SamplesStored;
            if (count > 0 && samplesStored != null && nowMilliseconds - _lastWakeMilliseconds >= WakeIntervalMilliseconds)
            {
                _lastWakeMilliseconds = nowMilliseconds;
                samplesStored.Set();
            }

            _consecutiveFailureCount = 0;
            ScheduleNextPoll(nowMicroseconds);
            return MicrosecondsToWaitMilliseconds(_nextPollMicroseconds - nowMicroseconds);
        }

        // A single failed transfer is common on a long or noisy bus, and starting a buffering sensor again for it empties
        // its FIFO (a MAX30102 restart cost about 0.2 s of samples). So a read that fails while all was well is tried once
        // more at once; a glitch that passes is counted in ErrorCount and RecoveredReadCount, and only a second failure
        // in a row is a failure (reported, and the sensor started again).
        private int Read()
        {
            if (_consecutiveFailureCount != 0 || !_source.BuffersSamples)
            {
                return _source.Read(_red, _infrared);
            }

            try
            {
                return _source.Read(_red, _infrared);
            }
            catch (Exception)
            {
                // Tried once more below (no exception filter: the nanoFramework runtime has none).
            }

            int count = _source.Read(_red, _infrared); // a second failure goes to Poll, which reports it
            Interlocked.Increment(ref _errorCount);
            Interlocked.Increment(ref _recoveredReadCount);
            return count;
        }

        private bool TryStart(long nowMilliseconds)
        {
            try
            {
                _source.Start();
            }
            catch (Exception exception)
            {
                Fail(exception, nowMilliseconds);
                return false;
            }

            _isStarted = true;
            _lastSampleAtMilliseconds = nowMilliseconds;
            _silenceVerdictAtMilliseconds = NoSilenceDeferred;
            Interlocked.Increment(ref _startCount);
            _nextPollMicroseconds = nowMilliseconds * MicrosecondsPerMillisecond;
            _lastSourceLostCount = _source.LostSampleCount;
            _sampleClock?.Restart();
            return true;
        }

        private void Store(int count, int lost, long nowMicroseconds)
        {
            if (count <= 0)
            {
                // A loss with no batch (a broken-off read that popped all a full FIFO held) still moves the sample clock
                // on over them: left out, the next batch found the clock that far behind and started it again from the poll.
                if (lost > 0 && _sampleClock != null)
                {
                    _sampleClock.SkipLost(lost, _source.LastLossUncounted);
                }

                return;
            }

            // A buffering sensor's batch follows its sample clock; an ADC sample was converted at the poll. Times are
            // kept in whole milliseconds (the ring buffer's unit) and never go backwards.
            long first = nowMicroseconds * NanosecondsPerMicrosecond;
            long interval = _source.SampleIntervalMicroseconds * NanosecondsPerMicrosecond;
            if (_sampleClock != null)
            {
                int lostBefore = _source.LastLossBeforeBatch;
                first = _sampleClock.TimeBatch(count, lost, nowMicroseconds, _source.LastLossUncounted, lostBefore < lost ? lostBefore : lost);
                interval = _sampleClock.IntervalNanoseconds;
            }
            else
            {
                first -= (count - 1) * interval;
            }

            for (int index = 0; index < count; index++)
            {
                long timestamp = (first + (index * interval) + (NanosecondsPerMillisecond / 2)) / NanosecondsPerMillisecond;
                if (timestamp < _lastTimestampMilliseconds)
                {
                    timestamp = _lastTimestampMilliseconds;
                }

                _lastTimestampMilliseconds = timestamp;

                // A full ring buffer drops the sample and counts it (DroppedCount); the sampler never waits for the consumer.
                _buffer.TryWrite(timestamp, _infrared[index], _red[index]);
            }

            Interlocked.Exchange(ref _sampleCount, _sampleCount + count);
        }

        // Samples the sensor reported lost since the last read, added to LostSampleCount.
        private int TakeSourceLosses()
        {
            int sourceLost = _source.LostSampleCount;
            int newlyLost = sourceLost - _lastSourceLostCount;
            _lastSourceLostCount = sourceLost;
            if (newlyLost <= 0)
            {
                return 0;
            }

            Interlocked.Exchange(ref _lostSampleCount, _lostSampleCount + newlyLost);
            return newlyLost;
        }

        private void ScheduleNextPoll(long nowMicroseconds)
        {
            long interval = _source.PollIntervalMicroseconds;
            _nextPollMicroseconds += interval;
            if (_nextPollMicroseconds <= nowMicroseconds)
            {
                // The loop fell behind: skip the missed due times instead of bursting to catch up.
                long missed = ((nowMicroseconds - _nextPollMicroseconds) / interval) + 1;
                _nextPollMicroseconds += missed * interval;
                if (!_source.BuffersSamples)
                {
                    Interlocked.Exchange(ref _lostSampleCount, _lostSampleCount + (int)missed);
                }
            }
        }

        private void Fail(Exception exception, long nowMilliseconds)
        {
            _isStarted = false;
            Interlocked.Increment(ref _errorCount);
            Interlocked.Increment(ref _consecutiveFailureCount);

            if (_consecutiveFailureCount == 1)
            {
                _retryDelayMilliseconds = _firstRetryDelayMilliseconds;
            }
            else
            {
                _retryDelayMilliseconds = _retryDelayMilliseconds > _maximumRetryDelayMilliseconds / 2
                    ? _maximumRetryDelayMilliseconds
                    : _retryDelayMilliseconds * 2;
            }

            _retryAtMilliseconds = nowMilliseconds + _retryDelayMilliseconds;
            bool startsAFault = nowMilliseconds - _lastFailureMilliseconds >= FaultGapMilliseconds;
            _lastFailureMilliseconds = nowMilliseconds;

            SensorErrorEventHandler? handler = SensorError;
            if (handler != null)
            {
                try
                {
                    handler(this, new SensorErrorEventArgs(exception, _errorCount, _consecutiveFailureCount, _retryDelayMilliseconds, startsAFault));
                }
                catch (Exception)
                {
                    // A faulty listener must not stop sampling; it is counted so it can be noticed.
                    Interlocked.Increment(ref _eventHandlerFailureCount);
                }
            }
        }

        private static int MillisecondsUntil(long dueMilliseconds, long nowMilliseconds)
        {
            long wait = dueMilliseconds - nowMilliseconds;
            return wait <= 0 ? 0 : (int)wait;
        }

        private static int MicrosecondsToWaitMilliseconds(long waitMicroseconds)
        {
            // Round up so the next call does not arrive just before its due time and spin.
            return (int)((waitMicroseconds + MicrosecondsPerMillisecond - 1) / MicrosecondsPerMillisecond);
        }
    }
}
