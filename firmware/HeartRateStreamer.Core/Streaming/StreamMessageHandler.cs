namespace HeartRateStreamer.Streaming
{
    /// <summary>Receives what a stream has to report (connected, server answers, reconnect delays, stop), one line each.</summary>
    /// <param name="streamName">The stream's name, e.g. "pulse".</param>
    /// <param name="message">A sentence for a person reading the log.</param>
    public delegate void StreamMessageHandler(string streamName, string message);
}
