using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Sampling
{
    /// <summary>
    /// A clock that runs at <c>numerator / denominator</c> times the pace of another: the sensor's own oscillator, a few
    /// percent off the processor's, for the simulated chip to take its samples by.
    /// </summary>
    internal sealed class ScaledClock : IClock
    {
        private readonly IClock _inner;
        private readonly long _numerator;
        private readonly long _denominator;

        public ScaledClock(IClock inner, long numerator, long denominator)
        {
            _inner = inner;
            _numerator = numerator;
            _denominator = denominator;
        }

        public long Milliseconds => (_inner.Milliseconds * _numerator) / _denominator;
    }
}
