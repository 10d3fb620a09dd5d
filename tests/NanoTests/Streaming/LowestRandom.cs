using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>A jitter source that always picks 0, so back-off delays are exactly half their ceilings.</summary>
    public class LowestRandom : IRandom
    {
        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            return 0;
        }
    }
}
