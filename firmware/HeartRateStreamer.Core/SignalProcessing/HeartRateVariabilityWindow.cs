using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// RMSSD and SDNN over the normal-to-normal (NN) intervals of the last minute, kept in an <see cref="IntervalRing"/>. RMSSD is
    /// the root mean square of the differences between adjacent NN intervals (only pairs that share a beat count);
    /// SDNN the standard deviation of the NN intervals (Task Force of the ESC and NASPE, Circulation 93:1043, 1996).
    /// A 60 s window is the "ultra-short" recording whose RMSSD agrees with the 5-minute standard (Munoz et al.,
    /// PLoS ONE 10(9):e0138921, 2015: 60 s and even 30 s agree closely at rest).
    /// <para>
    /// "No reading" until clean NN intervals cover at least half the window (30 s, the shortest span Munoz et al. found
    /// adequate for RMSSD) with at least two successive differences; <see cref="QualityPercent"/> is that coverage.
    /// Recomputed once per NN interval: two passes over at most a minute of beats.
    /// </para>
    /// </summary>
    public sealed class HeartRateVariabilityWindow
    {
        /// <summary>The window's length: one minute.</summary>
        public const long WindowMicroseconds = 60000000;

        /// <summary>A reading needs clean intervals over at least this share of the window (and two successive differences).</summary>
        public const int MinimumCoveragePercent = 50;
        private const int MinimumSuccessiveDifferences = 2;

        // Flag: the interval directly follows the one before it.
        private readonly IntervalRing _intervals;

        /// <summary>Creates a window large enough for a minute of intervals no shorter than <paramref name="minimumIntervalMilliseconds"/>.</summary>
        public HeartRateVariabilityWindow(float minimumIntervalMilliseconds)
        {
            if (!(minimumIntervalMilliseconds >= 100.0f))
            {
                throw new ArgumentOutOfRangeException(nameof(minimumIntervalMilliseconds), "The shortest interval must be at least 100 ms (600 bpm); pass the estimator's shortest beat interval.");
            }

            _intervals = new IntervalRing((int)(WindowMicroseconds * 0.001f / minimumIntervalMilliseconds) + 2);
        }

        /// <summary>Whether RMSSD and SDNN are readings now.</summary>
        public bool HasReading { get; private set; }

        /// <summary>RMSSD in milliseconds over the window (the last value computed; read it only when <see cref="HasReading"/>).</summary>
        public float RootMeanSquareSuccessiveDifferenceMilliseconds { get; private set; }

        /// <summary>SDNN in milliseconds over the window (the last value computed; read it only when <see cref="HasReading"/>).</summary>
        public float StandardDeviationMilliseconds { get; private set; }

        /// <summary>0..100: the share of the window covered by clean NN intervals.</summary>
        public int QualityPercent { get; private set; }

        /// <summary>NN intervals in the window.</summary>
        public int IntervalCount => _intervals.Count;

        /// <summary>Successive differences in the window (pairs of adjacent NN intervals).</summary>
        public int SuccessiveDifferenceCount { get; private set; }

        /// <summary>
        /// Adds an NN interval ending at <paramref name="endMicroseconds"/> (times never decrease);
        /// <paramref name="followsPrevious"/> when it directly follows the previous NN interval added.
        /// </summary>
        public void Add(long endMicroseconds, float intervalMilliseconds, bool followsPrevious)
        {
            _intervals.Add(endMicroseconds, intervalMilliseconds, followsPrevious);
            Recompute(endMicroseconds);
        }

        /// <summary>Drops intervals that began more than a minute before <paramref name="nowMicroseconds"/> and recomputes.</summary>
        public void Expire(long nowMicroseconds)
        {
            Recompute(nowMicroseconds);
        }

        /// <summary>Forgets every interval.</summary>
        public void Clear()
        {
            _intervals.Clear();
            SuccessiveDifferenceCount = 0;
            QualityPercent = 0;
            HasReading = false;
        }

        private void Recompute(long nowMicroseconds)
        {
            long windowStart = nowMicroseconds - WindowMicroseconds;
            while (_intervals.Count > 0 && _intervals.EndMicroseconds(0) - (long)(_intervals.Milliseconds(0) * 1000.0f) < windowStart)
            {
                _intervals.DropOldest();
            }

            // Two passes (mean, then squared deviations) keep single precision exact enough for intervals of ~1000 ms.
            int count = _intervals.Count;
            float sum = 0.0f;
            for (int i = 0; i < count; i++)
            {
                sum += _intervals.Milliseconds(i);
            }

            float mean = count > 0 ? sum / count : 0.0f;
            float squaredDeviations = 0.0f;
            float squaredDifferences = 0.0f;
            int differences = 0;
            float previous = 0.0f;
            for (int i = 0; i < count; i++)
            {
                float milliseconds = _intervals.Milliseconds(i);
                float deviation = milliseconds - mean;
                squaredDeviations += deviation * deviation;
                if (i > 0 && _intervals.Flag(i))
                {
                    float difference = milliseconds - previous;
                    squaredDifferences += difference * difference;
                    differences++;
                }

                previous = milliseconds;
            }

            SuccessiveDifferenceCount = differences;
            QualityPercent = (int)(100.0f * sum / (WindowMicroseconds * 0.001f) + 0.5f);
            if (QualityPercent > 100)
            {
                QualityPercent = 100;
            }

            HasReading = QualityPercent >= MinimumCoveragePercent && differences >= MinimumSuccessiveDifferences;
            if (HasReading)
            {
                RootMeanSquareSuccessiveDifferenceMilliseconds = SignalMath.SquareRoot(squaredDifferences / differences);
                StandardDeviationMilliseconds = SignalMath.SquareRoot(squaredDeviations / (count - 1));
            }
        }
    }
}
