namespace HeartRateStreamer.Sampling
{
    /// <summary>Receives <see cref="FixedRateSampler.SensorError"/>. Non-generic, as nanoFramework needs.</summary>
    public delegate void SensorErrorEventHandler(object sender, SensorErrorEventArgs e);
}
