using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// Reconnect delays that double after each failure up to a cap, with "equal jitter": the delay is drawn from
    /// [ceiling/2, ceiling], so devices that lost the server together do not return together (AWS Architecture Blog,
    /// "Exponential Backoff and Jitter", 2015). While the ceiling doubles, no delay is shorter than the one before;
    /// from the cap on, each is drawn afresh from [cap/2, cap], so it may be shorter than the last.
    /// </summary>
    public sealed class ExponentialBackoff
    {
        private readonly int _baseDelayMilliseconds;
        private readonly int _maximumDelayMilliseconds;
        private readonly IRandom _random;
        private int _failures;

        /// <summary>
        /// The first delay lies in [base/2, base]; each later one doubles the ceiling, which never exceeds
        /// <paramref name="maximumDelayMilliseconds"/>.
        /// </summary>
        public ExponentialBackoff(int baseDelayMilliseconds, int maximumDelayMilliseconds, IRandom random)
        {
            if (baseDelayMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(baseDelayMilliseconds), "The first reconnect delay must be at least 1 ms.");
            }

            if (maximumDelayMilliseconds < baseDelayMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumDelayMilliseconds), "The longest reconnect delay cannot be shorter than the first one.");
            }

            _baseDelayMilliseconds = baseDelayMilliseconds;
            _maximumDelayMilliseconds = maximumDelayMilliseconds;
            _random = random ?? throw new ArgumentNullException(nameof(random), "Pass a random source for the jitter.");
        }

        /// <summary>Failures since the last <see cref="Reset"/>.</summary>
        public int Failures => _failures;

        /// <summary>The longest delay ever returned.</summary>
        public int MaximumDelayMilliseconds => _maximumDelayMilliseconds;

        /// <summary>Counts one more failure and returns how long to wait before the next attempt.</summary>
        public int NextDelayMilliseconds()
        {
            int ceiling = _baseDelayMilliseconds;
            for (int i = 0; i < _failures && ceiling < _maximumDelayMilliseconds; i++)
            {
                ceiling = ceiling > _maximumDelayMilliseconds / 2 ? _maximumDelayMilliseconds : ceiling * 2;
            }

            if (ceiling > _maximumDelayMilliseconds)
            {
                ceiling = _maximumDelayMilliseconds;
            }

            if (_failures < int.MaxValue)
            {
                _failures++;
            }

            int half = ceiling / 2;
            return half + _random.Next(ceiling - half + 1);
        }

        /// <summary>Starts again from the first delay (after a connection proved healthy).</summary>
        public void Reset()
        {
            _failures = 0;
        }
    }
}
