using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>A jitter source that always picks the top of the range, so back-off delays are exactly their ceilings.</summary>
    public class HighestRandom : IRandom
    {
        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            return maxExclusive - 1;
        }
    }
}
