namespace HeartRateStreamer.Streaming
{
    /// <summary>Where a <see cref="PlotStream"/> is in its life.</summary>
    public enum StreamState
    {
        /// <summary>Not connected yet; the next <see cref="PlotStream.Service"/> connects.</summary>
        NotConnected = 0,

        /// <summary>Connected: points, window resends and heartbeats go out.</summary>
        Streaming = 1,

        /// <summary>The connection failed or the server ended it; waiting out the back-off before reconnecting.</summary>
        WaitingToReconnect = 2,

        /// <summary>
        /// The server does not know the token (404); the stream tries again after the back-off, up to its cap: a new plot
        /// may still be on its way to the server that answered, or be made again by the device.
        /// </summary>
        TokenRefused = 3,

        /// <summary>Ended on purpose with the last chunk; the stream will not reconnect.</summary>
        Ended = 4,
    }
}
