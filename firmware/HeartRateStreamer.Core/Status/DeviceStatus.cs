namespace HeartRateStreamer.Status
{
    /// <summary>What the status LED shows, from the most to the least urgent.</summary>
    public enum DeviceStatus
    {
        /// <summary>Needs a person: no usable configuration, the sensor does not answer, or the server refused every token.</summary>
        Error = 0,

        /// <summary>Starting up or joining Wi-Fi (or waiting for it to come back).</summary>
        Connecting = 1,

        /// <summary>On the network, but the pulse stream is not connected to the server.</summary>
        ServerUnreachable = 2,

        /// <summary>Streaming, but no finger is on the sensor.</summary>
        NoFinger = 3,

        /// <summary>Streaming a pulse.</summary>
        Streaming = 4,
    }
}
