namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What the device calls itself: its version in the boot log and in <c>/clientresp</c>'s <c>version</c> field, and
    /// its User-Agent header on every request. One place, so a new version changes all of them.
    /// </summary>
    public static class DeviceIdentity
    {
        /// <summary>The firmware's version.</summary>
        public const string Version = "1.0";

        /// <summary>The User-Agent header: product name and version (RFC 9110 §10.1.5).</summary>
        public const string UserAgent = "HeartRateStreamer/" + Version;
    }
}
