namespace HeartRateStreamer.Startup
{
    /// <summary>What <see cref="NetworkRecoveryPolicy"/> asks for while the device runs.</summary>
    public enum NetworkRecoveryAction
    {
        /// <summary>Nothing: connected, or the automatic reconnection is still being given time.</summary>
        None = 0,

        /// <summary>Ask the Wi-Fi stack to connect again.</summary>
        Reconnect = 1,
    }
}
