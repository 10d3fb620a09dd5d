namespace HeartRateStreamer.Status
{
    /// <summary>Picks the one status the LED shows from the device's state: the most urgent condition wins.</summary>
    public static class StatusEvaluator
    {
        /// <summary>
        /// Error beats everything (it needs a person); then a finger on the sensor, whose pulse the LED shows whatever the
        /// network does (the device measures offline too); without a finger the LED tells the network, then the server.
        /// </summary>
        public static DeviceStatus Evaluate(bool hasError, bool networkConnected, bool serverConnected, bool fingerPresent)
        {
            if (hasError)
            {
                return DeviceStatus.Error;
            }

            if (fingerPresent)
            {
                return DeviceStatus.Pulse;
            }

            if (!networkConnected)
            {
                return DeviceStatus.Connecting;
            }

            return serverConnected ? DeviceStatus.NoFinger : DeviceStatus.ServerUnreachable;
        }
    }
}
