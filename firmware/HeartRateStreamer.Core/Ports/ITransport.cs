namespace HeartRateStreamer.Ports
{
    /// <summary>A byte stream to a server: a TCP socket (optionally TLS) on the device and on a PC.</summary>
    public interface ITransport
    {
        /// <summary>Opens the connection. Throws <see cref="System.IO.IOException"/> with the reason.</summary>
        void Connect(string host, int port, bool useTls);

        /// <summary>Sends buffer[offset..offset+count): all bytes, or throws <see cref="System.IO.IOException"/>.</summary>
        void Send(byte[] buffer, int offset, int count);

        /// <summary>
        /// Receives up to count bytes, waiting at most timeoutMilliseconds.
        /// Returns the byte count, 0 when nothing arrived yet, -1 when the peer closed the connection.
        /// </summary>
        int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds);

        /// <summary>Closes the connection; safe to call more than once.</summary>
        void Close();
    }
}
