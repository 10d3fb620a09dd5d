namespace HeartRateStreamer.Device.Platform
{
    /// <summary>How long the device waits on the network: the same on the board and on a PC, so a server that is slow
    /// for one is slow for the other.</summary>
    public static class NetworkTimeouts
    {
        /// <summary>A send that cannot get its bytes out in this time fails, and the stream reconnects.</summary>
        public const int SendMilliseconds = 10000;

        /// <summary>TCP connect plus TLS handshake: nanoFramework puts no limit on either, and an ESP32's handshake alone
        /// takes one to three seconds.</summary>
        public const int ConnectMilliseconds = 20000;

        /// <summary>Plot creation's wait for the server's whole answer, once the request is sent.</summary>
        public const int PlotAnswerMilliseconds = 20000;
    }
}
