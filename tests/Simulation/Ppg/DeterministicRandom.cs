namespace HeartRateStreamer.Simulation.Ppg
{
    /// <summary>
    /// A seeded xorshift32 generator (Marsaglia, "Xorshift RNGs", J. Stat. Software 8(14), 2003): the same seed gives
    /// the same sequence on the PC and on nanoCLR, whose System.Random differs from .NET's.
    /// </summary>
    public sealed class DeterministicRandom
    {
        private uint _state;

        /// <summary>Creates a generator; any seed works (0 is replaced, since xorshift must not start at 0).</summary>
        public DeterministicRandom(uint seed)
        {
            _state = seed == 0 ? 2463534242u : seed;
        }

        /// <summary>A uniformly distributed value in [0, 1).</summary>
        public double NextUniform()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (_state >> 8) * (1.0 / 16777216.0);
        }

        /// <summary>An approximately standard normal value: the sum of 12 uniforms minus 6 (mean 0, variance 1).</summary>
        public double NextGaussian()
        {
            double sum = 0.0;
            for (int i = 0; i < 12; i++)
            {
                sum += NextUniform();
            }

            return sum - 6.0;
        }
    }
}
