namespace HeartRateStreamer.Device.Platform
{
    /// <summary>Where the device's log lines go: the serial console on a board, standard output on a PC.</summary>
    public interface ILogOutput
    {
        /// <summary>Writes one finished line.</summary>
        void WriteLine(string line);
    }
}
