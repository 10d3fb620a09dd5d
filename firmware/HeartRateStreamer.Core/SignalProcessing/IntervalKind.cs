namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>What <see cref="NormalIntervalFilter"/> decided a beat-to-beat interval is.</summary>
    public enum IntervalKind
    {
        /// <summary>A normal-to-normal (NN) interval: it fits its neighbours and is used for heart-rate variability.</summary>
        Normal,

        /// <summary>About a whole multiple of the expected interval: one or more beats between its ends were not seen.</summary>
        MissedBeat,

        /// <summary>One of two short intervals that add up to one expected interval: a beat was seen that was not there.</summary>
        ExtraBeat,

        /// <summary>A premature interval or the compensatory pause after it (they add up to two expected intervals).</summary>
        Ectopic,

        /// <summary>Fits neither its neighbours nor any of the patterns above (or too few intervals to judge it).</summary>
        Irregular,

        /// <summary>
        /// Fits its neighbours, but the wave of its closing beat did not repeat the beat before it (noise or motion
        /// shapes the upstroke), so its timing is not trusted.
        /// </summary>
        Unclear,
    }
}
