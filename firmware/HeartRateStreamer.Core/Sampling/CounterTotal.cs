namespace HeartRateStreamer.Sampling
{
    /// <summary>
    /// The running total, as a long, of an int counter that only counts up and wraps past int.MaxValue: the sampling
    /// thread counts in int because nanoFramework's Interlocked has no long, and at 400 samples/s an int wraps after about
    /// 62 days. Each look adds the counter's change since the last look, which unchecked subtraction gives right across
    /// a wrap, as long as the counter moves less than 2^32 between looks. One reader at a time.
    /// </summary>
    public sealed class CounterTotal
    {
        private int _lastSeen; // the counters start at 0 at boot, as the total does
        private long _total;

        /// <summary>The total as of the last <see cref="Update"/>.</summary>
        public long Total => _total;

        /// <summary>Adds what the counter, reading <paramref name="counter"/> now, has counted since the last look; returns the total.</summary>
        public long Update(int counter)
        {
            // Unsigned: the counter only counts up, so a change past int.MaxValue between looks is still forward.
            uint change = unchecked((uint)(counter - _lastSeen));
            _lastSeen = counter;
            _total += change;
            return _total;
        }
    }
}
