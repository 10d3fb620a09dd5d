namespace HeartRateStreamer.Ports
{
    /// <summary>
    /// A register-addressed peripheral bus (I2C on the board, a simulated chip on a PC).
    /// Buffers are passed with explicit counts so callers can reuse one preallocated array.
    /// </summary>
    public interface IRegisterBus
    {
        /// <summary>
        /// Writes buffer[0..count) to the device.
        /// Throws <see cref="System.IO.IOException"/>, naming the bus status, when the transfer is not complete.
        /// </summary>
        void Write(byte[] buffer, int count);

        /// <summary>
        /// Writes write[0..writeCount), then reads readCount bytes into read[0..readCount) in one transaction (repeated start).
        /// Throws <see cref="System.IO.IOException"/>, naming the bus status, when the transfer is not complete.
        /// </summary>
        void WriteRead(byte[] write, int writeCount, byte[] read, int readCount);
    }
}
