namespace HeartRateStreamer.Simulation.Max30102
{
    /// <summary>
    /// What the simulated MAX30102's photodiode sees: the light returned from the red and infrared LEDs at a moment.
    /// The synthetic PPG generator (tests/Simulation/Ppg) or a test's own function supplies it.
    /// </summary>
    /// <remarks>
    /// The chip calls <see cref="Sample"/> once per ADC conversion, with times that never decrease: normally one
    /// conversion period apart (1 / sample rate), with gaps while it is shut down, after its timeline is re-anchored by a
    /// configuration write, and for conversions whose result would be lost anyway (a full FIFO), which it skips.
    /// Return ADC counts at full 18-bit resolution, 0 to 262143; the chip clips anything outside, drops the low bits
    /// that shorter pulse widths do not resolve and averages as configured. LED currents and the ADC range do not
    /// scale the values: the source decides the level.
    /// </remarks>
    public interface IOpticalWaveform
    {
        /// <summary>The red and infrared ADC counts of a conversion taken at <paramref name="timeMicroseconds"/> on the chip's clock.</summary>
        void Sample(long timeMicroseconds, out int red, out int infrared);
    }
}
