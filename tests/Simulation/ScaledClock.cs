using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Simulation
{
    /// <summary>
    /// A clock that runs at <c>numerator / denominator</c> times the pace of another: a sensor's own oscillator, a few
    /// percent off the processor's, for the simulated MAX30102 to take its samples by.
    /// </summary>
    public sealed class ScaledClock : IClock
    {
        private readonly IClock _inner;
        private readonly long _numerator;
        private readonly long _denominator;

        /// <summary>Reads <paramref name="inner"/> × <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
        public ScaledClock(IClock inner, long numerator, long denominator)
        {
            if (inner == null)
            {
                throw new System.ArgumentNullException(nameof(inner), "Pass the clock to scale.");
            }

            if (numerator < 1 || denominator < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(numerator), "A clock's pace is a positive ratio: pass a numerator and a denominator of at least 1.");
            }

            _inner = inner;
            _numerator = numerator;
            _denominator = denominator;
        }

        /// <inheritdoc />
        public long Milliseconds => (_inner.Milliseconds * _numerator) / _denominator;
    }
}
