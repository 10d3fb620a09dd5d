namespace HeartRateStreamer.Ports
{
    /// <summary>A source of jitter (reconnect back-off), replaceable by a fixed sequence in tests.</summary>
    public interface IRandom
    {
        /// <summary>Returns a value in [0, maxExclusive).</summary>
        int Next(int maxExclusive);
    }
}
