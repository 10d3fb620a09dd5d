namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// The seed of a stream's reconnect jitter from the board's hardware seed (its MAC folded into an int) and the
    /// stream's index. Neighbouring boards have neighbouring MACs, so neighbouring hardware seeds: seeding with
    /// hardware + index gave board A's stream k + 1 and board B's stream k one seed, and they reconnected in lockstep
    /// after a shared outage. Mixed instead, every neighbouring (hardware, index) pair gets a different seed.
    /// </summary>
    public static class JitterSeed
    {
        // An odd constant far from small numbers (2^32 / golden ratio): hardware * Spread + index repeats only when the
        // hardware seeds differ by a multiple of 2^32 / gcd, never for neighbours.
        private const uint Spread = 0x9E3779B1;

        /// <summary>The seed for stream <paramref name="index"/> of the board whose hardware seed is <paramref name="hardwareSeed"/>; never negative.</summary>
        public static int For(int hardwareSeed, int index)
        {
            unchecked
            {
                uint x = (uint)hardwareSeed * Spread + (uint)index;

                // MurmurHash3's finaliser (a bijection), so nearby inputs differ in every bit, low ones included.
                x ^= x >> 16;
                x *= 0x85EBCA6B;
                x ^= x >> 13;
                x *= 0xC2B2AE35;
                x ^= x >> 16;
                return (int)(x & 0x7FFFFFFF);
            }
        }
    }
}
