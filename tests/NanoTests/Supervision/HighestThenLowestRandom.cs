using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Supervision
{
    /// <summary>A jitter source that picks the top of the range for a number of draws, then 0: a long delay followed by the shortest.</summary>
    public class HighestThenLowestRandom : IRandom
    {
        private int _highestDrawsLeft;

        /// <summary>Creates the source; the first <paramref name="highestDraws"/> draws are the highest.</summary>
        public HighestThenLowestRandom(int highestDraws)
        {
            _highestDrawsLeft = highestDraws;
        }

        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            if (_highestDrawsLeft > 0)
            {
                _highestDrawsLeft--;
                return maxExclusive - 1;
            }

            return 0;
        }
    }
}
