using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// RMSSD and SDNN over the normal-to-normal (NN) intervals of the last minute, in buffers allocated once. RMSSD is
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

        // A reading needs clean intervals over at least half the window, and at least two successive differences.
        private const int MinimumCoveragePercent = 50;
        private const int MinimumSuccessiveDifferences = 2;

        private readonly long[] _endMicroseconds;
        private readonly float[] _milliseconds;
        private readonly bool[] _followsPrevious;
        private int _oldest;
        private int _count;

        /// <summary>Creates a window large enough for a minute of intervals no shorter than <paramref name="minimumIntervalMilliseconds"/>.</summary>
        public HeartRateVariabilityWindow(float minimumIntervalMilliseconds)
        {
            if (!(minimumIntervalMilliseconds >= 100.0f))
            {
                throw new ArgumentOutOfRangeException(nameof(minimumIntervalMilliseconds), "The shortest interval must be at least 100 ms (600 bpm); pass the estimator's shortest beat interval.");
            }

            int capacity = (int)(WindowMicroseconds * 0.001f / minimumIntervalMilliseconds) + 2;
            _endMicroseconds = new long[capacity];
            _milliseconds = new float[capacity];
            _followsPrevious = new bool[capacity];
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
        public int IntervalCount => _count;

        /// <summary>Successive differences in the window (pairs of adjacent NN intervals).</summary>
        public int SuccessiveDifferenceCount { get; private set; }

        /// <summary>
        /// Adds an NN interval ending at <paramref name="endMicroseconds"/> (times never decrease);
        /// <paramref name="followsPrevious"/> when it directly follows the previous NN interval added.
        /// </summary>
        public void Add(long endMicroseconds, float intervalMilliseconds, bool followsPrevious)
        {
            if (_count == _endMicroseconds.Length)
            {
                Drop();
            }

            int index = (_oldest + _count) % _endMicroseconds.Length;
            _endMicroseconds[index] = endMicroseconds;
            _milliseconds[index] = intervalMilliseconds;
            _followsPrevious[index] = followsPrevious;
            _count++;
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
            _oldest = 0;
            _count = 0;
            SuccessiveDifferenceCount = 0;
            QualityPercent = 0;
            HasReading = false;
        }

        private void Drop()
        {
            _oldest = (_oldest + 1) % _endMicroseconds.Length;
            _count--;
        }

        private void Recompute(long nowMicroseconds)
        {
            long windowStart = nowMicroseconds - WindowMicroseconds;
            while (_count > 0 && _endMicroseconds[_oldest] - (long)(_milliseconds[_oldest] * 1000.0f) < windowStart)
            {
                Drop();
            }

            // Two passes (mean, then squared deviations) keep single precision exact enough for intervals of ~1000 ms.
            float sum = 0.0f;
            for (int i = 0; i < _count; i++)
            {
                sum += _milliseconds[(_oldest + i) % _milliseconds.Length];
            }

            float mean = _count > 0 ? sum / _count : 0.0f;
            float squaredDeviations = 0.0f;
            float squaredDifferences = 0.0f;
            int differences = 0;
            for (int i = 0; i < _count; i++)
            {
                int index = (_oldest + i) % _milliseconds.Length;
                float deviation = _milliseconds[index] - mean;
                squaredDeviations += deviation * deviation;
                if (i > 0 && _followsPrevious[index])
                {
                    float difference = _milliseconds[index] - _milliseconds[(index + _milliseconds.Length - 1) % _milliseconds.Length];
                    squaredDifferences += difference * difference;
                    differences++;
                }
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
                StandardDeviationMilliseconds = SignalMath.SquareRoot(squaredDeviations / (_count - 1));
            }
        }
    }
}
