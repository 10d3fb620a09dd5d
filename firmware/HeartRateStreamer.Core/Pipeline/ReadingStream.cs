using System;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Pipeline
{
    /// <summary>
    /// A reading's stream (heart rate, SpO2, RMSSD, SDNN): a changed value at most every
    /// <see cref="IntervalMilliseconds"/>, looked at no more often than every <see cref="RecheckMilliseconds"/> while
    /// it stays the same. Readings change at beats, so asking on every sample would only repeat the stream's lock and
    /// value scaling a hundred times a second for nothing: on the interpreter each of those costs as much as a sample's
    /// filtering.
    /// </summary>
    public sealed class ReadingStream
    {
        /// <summary>
        /// Readings go out on change, but at most once per this interval (the newest value when it passes). Readings
        /// jitter by a unit from beat to beat, and each point takes a place in the stream's window of maxpoints: at one
        /// point per 4 s the default 500-point window holds at least 33 minutes of readings, so that much measured
        /// offline reaches the plot when the stream connects (more while the reading is steady).
        /// </summary>
        public const int IntervalMilliseconds = 4000;

        /// <summary>
        /// How soon an unchanged reading is looked at again: a change shows within a fifth of a second, less than the
        /// shortest beat interval (0.27 s at 220 bpm), at 5 looks per second instead of one per sample.
        /// </summary>
        public const int RecheckMilliseconds = 200;

        private readonly PlotStream _stream;
        private long _nextLookMilliseconds = long.MinValue;

        /// <summary>Throttles <paramref name="stream"/>.</summary>
        public ReadingStream(PlotStream stream)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream), "Pass the reading's plot stream.");
        }

        /// <summary>Whether the reading should be looked at now (read it only then: the value may cost something to get).</summary>
        public bool IsDue(long timeMilliseconds)
        {
            return timeMilliseconds >= _nextLookMilliseconds;
        }

        /// <summary>Appends <paramref name="value"/> (NaN: no reading, sent as null) if it differs from the last one sent.</summary>
        public void Offer(long timeMilliseconds, double value)
        {
            _nextLookMilliseconds = timeMilliseconds + (_stream.AppendIfChanged(timeMilliseconds, value) ? IntervalMilliseconds : RecheckMilliseconds);
        }
    }
}
