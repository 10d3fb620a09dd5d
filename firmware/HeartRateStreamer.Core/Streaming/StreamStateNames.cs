namespace HeartRateStreamer.Streaming
{
    /// <summary>A stream's state in words, for the log and status lines (nanoFramework prints enums as numbers).</summary>
    public static class StreamStateNames
    {
        /// <summary>"streaming", "waiting to reconnect", ...</summary>
        public static string Describe(StreamState state)
        {
            switch (state)
            {
                case StreamState.Streaming:
                    return "streaming";
                case StreamState.WaitingToReconnect:
                    return "waiting to reconnect";
                case StreamState.TokenRefused:
                    return "token refused (the server does not know it; trying again)";
                case StreamState.Ended:
                    return "ended";
                default:
                    return "never connected";
            }
        }
    }
}
