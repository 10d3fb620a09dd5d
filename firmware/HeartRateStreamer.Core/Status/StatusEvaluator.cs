namespace HeartRateStreamer.Status
{
    /// <summary>Picks the one status the LED shows from the device's state: the most urgent condition wins.</summary>
    public static class StatusEvaluator
    {
        /// <summary>
        /// Error beats everything (it needs a person); then the network, then the server; with all of them up the LED
        /// tells whether a finger is on the sensor.
        /// </summary>
        public static DeviceStatus Evaluate(bool hasError, bool networkConnected, bool serverConnected, bool fingerPresent)
        {
            if (hasError)
            {
                return DeviceStatus.Error;
            }

            if (!networkConnected)
            {
                return DeviceStatus.Connecting;
            }

            if (!serverConnected)
            {
                return DeviceStatus.ServerUnreachable;
            }

            return fingerPresent ? DeviceStatus.Streaming : DeviceStatus.NoFinger;
        }
    }
}
