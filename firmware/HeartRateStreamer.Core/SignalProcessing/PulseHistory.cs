using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The recent pulse wave resampled onto a fixed 25 samples/s grid (linear interpolation between the actual
    /// samples), so its periodicity can be measured with the same work whatever the input rate. Charlton's MSPTDfast
    /// shows a 20 Hz PPG keeps beat detection accuracy; 25 Hz leaves margin for 220 bpm (3.7 Hz).
    /// </summary>
    public sealed class PulseHistory
    {
        /// <summary>The grid rate of the history.</summary>
        public const float RateHz = 25.0f;

        private const long GridIntervalMicroseconds = (long)(1000000.0f / RateHz);

        private readonly float[] _values;
        private int _newest;
        private int _count;
        private bool _hasPrevious;
        private long _previousTimeMicroseconds;
        private float _previousValue;
        private long _nextGridTimeMicroseconds;
        private long _newestGridTimeMicroseconds;

        /// <summary>Creates a history holding the newest <paramref name="durationSeconds"/> of the wave.</summary>
        public PulseHistory(float durationSeconds)
        {
            if (!(durationSeconds > 0.0f))
            {
                throw new ArgumentOutOfRangeException(nameof(durationSeconds), "The history must cover a positive duration.");
            }

            _values = new float[(int)(durationSeconds * RateHz) + 2];
        }

        /// <summary>Grid samples held now.</summary>
        public int Count => _count;

        /// <summary>Forgets the wave.</summary>
        public void Reset()
        {
            _count = 0;
            _hasPrevious = false;
        }

        /// <summary>Adds an input sample; fills every grid point up to its time.</summary>
        public void Add(long timeMicroseconds, float value)
        {
            if (!_hasPrevious)
            {
                _hasPrevious = true;
                _previousTimeMicroseconds = timeMicroseconds;
                _previousValue = value;
                _nextGridTimeMicroseconds = timeMicroseconds;
            }

            long span = timeMicroseconds - _previousTimeMicroseconds;
            while (_nextGridTimeMicroseconds <= timeMicroseconds)
            {
                float share = span > 0 ? (float)(_nextGridTimeMicroseconds - _previousTimeMicroseconds) / span : 1.0f;
                Push(_previousValue + share * (value - _previousValue));
                _newestGridTimeMicroseconds = _nextGridTimeMicroseconds;
                _nextGridTimeMicroseconds += GridIntervalMicroseconds;
            }

            _previousTimeMicroseconds = timeMicroseconds;
            _previousValue = value;
        }

        /// <summary>
        /// Correlation between the newest <paramref name="windowSeconds"/> of the wave and the same span
        /// <paramref name="lagSeconds"/> earlier (linearly interpolated for a fractional lag), after removing a linear
        /// trend from both, as the RF algorithm detrends its batches (aromring/MAX30102_by_RF): close to 1 for a steady
        /// pulse train at that period, near 0 for noise, and not dragged down by slow baseline wander.
        /// Returns 0 when the history is too short.
        /// </summary>
        public float Correlation(float lagSeconds, float windowSeconds)
        {
            return Correlation(lagSeconds, windowSeconds, 0.0f);
        }

        /// <summary>
        /// As <see cref="Correlation(float, float)"/>, for the window that ends <paramref name="skipSeconds"/> before the
        /// newest sample (a beat judged after a later one has arrived).
        /// </summary>
        public float Correlation(float lagSeconds, float windowSeconds, float skipSeconds)
        {
            float lag = lagSeconds * RateHz;
            int window = (int)(windowSeconds * RateHz);
            int wholeLag = (int)lag;
            float fraction = lag - wholeLag;
            int skip = skipSeconds > 0.0f ? (int)(skipSeconds * RateHz + 0.5f) : 0;
            if (window < 3 || wholeLag < 1 || skip + window + wholeLag + 1 > _count)
            {
                return 0.0f;
            }

            // Sums for the partial correlation of x and y with time t held fixed (t = age, centred below).
            float sumX = 0.0f;
            float sumY = 0.0f;
            float sumXX = 0.0f;
            float sumYY = 0.0f;
            float sumXY = 0.0f;
            float sumTX = 0.0f;
            float sumTY = 0.0f;
            float centre = 0.5f * (window - 1);

            // Ring indices of x (age skip + age), of y's grid point (wholeLag older) and of the one after it, walked
            // backwards together: no call per point.
            int length = _values.Length;
            int xIndex = Wrap(_newest - skip);
            int yIndex = Wrap(xIndex - wholeLag);
            int olderIndex = Wrap(yIndex - 1);
            for (int age = 0; age < window; age++)
            {
                float t = age - centre;
                float x = _values[xIndex];
                float y = _values[yIndex] + fraction * (_values[olderIndex] - _values[yIndex]);
                xIndex = xIndex == 0 ? length - 1 : xIndex - 1;
                yIndex = olderIndex;
                olderIndex = olderIndex == 0 ? length - 1 : olderIndex - 1;
                sumX += x;
                sumY += y;
                sumXX += x * x;
                sumYY += y * y;
                sumXY += x * y;
                sumTX += t * x;
                sumTY += t * y;
            }

            // Centred second moments; the time variable is centred, so its sum is 0 and Σt² has a closed form.
            float sumTT = window * ((float)window * window - 1.0f) / 12.0f;
            float covarianceXY = sumXY - sumX * sumY / window;
            float varianceX = sumXX - sumX * sumX / window;
            float varianceY = sumYY - sumY * sumY / window;

            // Removing the trend: subtract the part of each (co)variance explained by the time regression.
            float detrendedXY = covarianceXY - sumTX * sumTY / sumTT;
            float detrendedXX = varianceX - sumTX * sumTX / sumTT;
            float detrendedYY = varianceY - sumTY * sumTY / sumTT;
            if (!(detrendedXX > 0.0f) || !(detrendedYY > 0.0f))
            {
                return 0.0f;
            }

            return detrendedXY / SignalMath.SquareRoot(detrendedXX * detrendedYY);
        }

        /// <summary>
        /// As <see cref="Correlation(float, float)"/>, for the span from <paramref name="halfSpanSeconds"/> before to as long
        /// after <paramref name="centreMicroseconds"/> (a beat's upstroke and peak) against the same span one
        /// <paramref name="lagSeconds"/> earlier. Returns 0 when the history does not hold both spans yet.
        /// </summary>
        public float CorrelationAround(long centreMicroseconds, float lagSeconds, float halfSpanSeconds)
        {
            float skipSeconds = (_newestGridTimeMicroseconds - centreMicroseconds) * 0.000001f - halfSpanSeconds;
            return skipSeconds < 0.0f ? 0.0f : Correlation(lagSeconds, 2.0f * halfSpanSeconds, skipSeconds);
        }

        /// <summary>
        /// The level of the wave where the upstroke whose steepest point lies at <paramref name="upstrokeTimeMicroseconds"/>
        /// begins: walking back from there, the first grid step rising by less than <paramref name="slopeThresholdPerSecond"/>
        /// marks the foot, at most <paramref name="lookbackSeconds"/> back. Slow baseline ramps under a rise stay out of
        /// its size this way. Returns false, <paramref name="foot"/> 0, when the history does not reach the upstroke: it
        /// lies after the newest grid point (a rise that turned within one 40 ms grid step) or before the oldest.
        /// </summary>
        public bool TryFootValue(long upstrokeTimeMicroseconds, float slopeThresholdPerSecond, float lookbackSeconds, out float foot)
        {
            foot = 0.0f;
            if (_count < 2 || upstrokeTimeMicroseconds > _newestGridTimeMicroseconds)
            {
                return false;
            }

            int age = (int)((_newestGridTimeMicroseconds - upstrokeTimeMicroseconds) / GridIntervalMicroseconds);
            if (age >= _count - 1)
            {
                return false;
            }

            int oldestAge = age + (int)(lookbackSeconds * RateHz);
            if (oldestAge > _count - 1)
            {
                oldestAge = _count - 1;
            }

            float stepThreshold = slopeThresholdPerSecond / RateHz;
            while (age < oldestAge && At(age) - At(age + 1) >= stepThreshold)
            {
                age++;
            }

            // The foot is the older end of the first shallow step: at 25 samples/s one step is a large part of a fast
            // upstroke, and the shallow step itself adds little (below the threshold) to the rise.
            int footAge = age < oldestAge ? age + 1 : age;
            foot = At(footAge) < At(age) ? At(footAge) : At(age);
            return true;
        }

        /// <summary>
        /// Fills <paramref name="destination"/> with the wave from <paramref name="startMicroseconds"/> to
        /// <paramref name="endMicroseconds"/> at evenly spaced times (both ends included, linear interpolation on the
        /// grid), so beats of different lengths can be compared point by point. Returns false, leaving
        /// <paramref name="destination"/> untouched, when the history does not hold that span.
        /// </summary>
        public bool Resample(long startMicroseconds, long endMicroseconds, float[] destination)
        {
            int points = destination.Length;
            if (points < 2 || _count < 2 || endMicroseconds <= startMicroseconds || endMicroseconds > _newestGridTimeMicroseconds)
            {
                return false;
            }

            // Ages count back from the newest grid point, so the start has the largest age.
            float startAge = (float)(_newestGridTimeMicroseconds - startMicroseconds) / GridIntervalMicroseconds;
            float endAge = (float)(_newestGridTimeMicroseconds - endMicroseconds) / GridIntervalMicroseconds;
            if (startAge > _count - 1)
            {
                return false;
            }

            // The ring is read directly: no call per point.
            float step = (startAge - endAge) / (points - 1);
            int length = _values.Length;
            for (int i = 0; i < points; i++)
            {
                float age = startAge - i * step;
                int wholeAge = (int)age;
                float fraction = age - wholeAge;
                int index = _newest - wholeAge;
                if (index < 0)
                {
                    index += length;
                }

                float value = _values[index];
                if (fraction > 0.0f && wholeAge + 1 < _count)
                {
                    // The next older grid point.
                    float older = _values[index == 0 ? length - 1 : index - 1];
                    value += fraction * (older - value);
                }

                destination[i] = value;
            }

            return true;
        }

        private void Push(float value)
        {
            _newest = (_newest + 1) % _values.Length;
            _values[_newest] = value;
            if (_count < _values.Length)
            {
                _count++;
            }
        }

        // The grid value age samples before the newest.
        private float At(int age)
        {
            return _values[Wrap(_newest - age)];
        }

        // A ring index from _newest minus an age below the ring's length.
        private int Wrap(int index)
        {
            return index < 0 ? index + _values.Length : index;
        }
    }
}
