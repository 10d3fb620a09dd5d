using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The jitter for reconnect back-off from mscorlib's pseudo-random generator.</summary>
    public sealed class RandomJitter : IRandom
    {
        private readonly Random _random;

        /// <summary>Seeds the generator; give each device a different seed (e.g. from its MAC address) so they do not reconnect in step.</summary>
        public RandomJitter(int seed)
        {
            _random = new Random(seed);
        }

        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            return _random.Next(maxExclusive);
        }
    }
}
