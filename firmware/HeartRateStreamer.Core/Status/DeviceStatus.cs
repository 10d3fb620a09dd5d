namespace HeartRateStreamer.Status
{
    /// <summary>What the status LED shows, from the most to the least urgent.</summary>
    public enum DeviceStatus
    {
        /// <summary>Needs a person: no usable configuration, the sensor does not answer, or the server refused every token.</summary>
        Error = 0,

        /// <summary>No finger; starting up or joining Wi-Fi (or waiting for it to come back).</summary>
        Connecting = 1,

        /// <summary>No finger; on the network, but the pulse stream is not connected to the server.</summary>
        ServerUnreachable = 2,

        /// <summary>Streaming, but no finger is on the sensor.</summary>
        NoFinger = 3,

        /// <summary>A finger is on the sensor: the LED flashes with each beat, network or not (the device is a monitor first).</summary>
        Pulse = 4,
    }
}
