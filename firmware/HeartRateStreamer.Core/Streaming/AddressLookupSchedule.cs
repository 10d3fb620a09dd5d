namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// When the board looks the server's name up in DNS. On the ESP32 a lookup runs in native code that holds the whole
    /// interpreter, every thread (sampling, LED, watchdog) and not only the stream asking, until DNS answers or gives up
    /// after about 30 s (nf-interpreter: NativeSocket.getaddrinfo calls lwIP's blocking lwip_getaddrinfo). Looking the
    /// name up on every reconnect would freeze the device for most of a DNS outage, losing the samples of every freeze.
    /// </summary>
    /// <remarks>
    /// So an address, once found, serves every stream and every reconnect. The name is looked up again only when a
    /// connection to that address has failed, or ended within <see cref="ProvenConnectionMilliseconds"/> (a host that
    /// took over the old address may accept the connection and then refuse the stream), and the last lookup is
    /// <see cref="RelookupAfterConnectFailureMilliseconds"/> old (the server may have moved), and after a failed lookup not before a back-off of
    /// <see cref="FirstRetryMilliseconds"/> doubling up to <see cref="LongestRetryWithAddressMilliseconds"/> while an
    /// address is known (the streams keep trying it meanwhile), up to <see cref="LongestRetryWithoutAddressMilliseconds"/>
    /// before any (nothing streams without one). A failed lookup keeps the address there was. One caller at a time (the
    /// adapter holds a lock across the lookup).
    /// </remarks>
    public sealed class AddressLookupSchedule
    {
        /// <summary>After a failed lookup, the next one waits this long, doubling with each failure.</summary>
        public const int FirstRetryMilliseconds = 30000;

        /// <summary>
        /// With no address yet, the wait after failed lookups stops doubling here: nothing can stream without one, so it is
        /// worth one 30 s freeze in five minutes.
        /// </summary>
        public const int LongestRetryWithoutAddressMilliseconds = 300000;

        /// <summary>
        /// With an address known, the wait after failed lookups doubles up to this: the streams keep trying that address, so
        /// a DNS outage costs at most one 30 s freeze of every thread in half an hour.
        /// </summary>
        public const int LongestRetryWithAddressMilliseconds = 1800000;

        /// <summary>A known address whose connection failed is looked up again once the last lookup is this old.</summary>
        public const int RelookupAfterConnectFailureMilliseconds = 300000;

        /// <summary>
        /// A connection that lasted this long reached the server: as long as the streams take to count a connection
        /// healthy, and a stream refused by another host ends long before.
        /// </summary>
        public const int ProvenConnectionMilliseconds = StreamSettings.DefaultHealthyConnectionMilliseconds;

        private bool _hasAddress;
        private bool _connectFailedSinceLookup;
        private bool _lastLookupFailed;
        private long _lastLookupMilliseconds;
        private int _retryDelayMilliseconds;

        /// <summary>True once a lookup has found an address.</summary>
        public bool HasAddress => _hasAddress;

        /// <summary>Whether to look the name up now, rather than use the address there is (or fail without one).</summary>
        public bool IsLookupDue(long nowMilliseconds)
        {
            return nowMilliseconds >= NextLookupMilliseconds();
        }

        /// <summary>How long until a lookup is due (0: now); for the message when there is no address yet.</summary>
        public long MillisecondsUntilLookup(long nowMilliseconds)
        {
            return IsLookupDue(nowMilliseconds) ? 0 : NextLookupMilliseconds() - nowMilliseconds;
        }

        /// <summary>The lookup found an address: it serves until a connection to it fails.</summary>
        public void LookupSucceeded(long nowMilliseconds)
        {
            _hasAddress = true;
            _lastLookupFailed = false;
            _connectFailedSinceLookup = false;
            _lastLookupMilliseconds = nowMilliseconds;
            _retryDelayMilliseconds = 0;
        }

        /// <summary>
        /// The lookup failed: the address there was (if any) stays, and the next lookup waits out the back-off, whose cap
        /// depends on whether there is an address.
        /// </summary>
        public void LookupFailed(long nowMilliseconds)
        {
            int longest = _hasAddress ? LongestRetryWithAddressMilliseconds : LongestRetryWithoutAddressMilliseconds;
            _lastLookupFailed = true;
            _lastLookupMilliseconds = nowMilliseconds;
            _retryDelayMilliseconds = _retryDelayMilliseconds == 0 ? FirstRetryMilliseconds
                : _retryDelayMilliseconds > longest / 2 ? longest
                : _retryDelayMilliseconds * 2;
        }

        /// <summary>A connection to the address failed: the server may have moved, so the name is due again in time.</summary>
        public void ConnectFailed()
        {
            _connectFailedSinceLookup = true;
        }

        /// <summary>
        /// A connection to the address ended after <paramref name="lastedMilliseconds"/>: one that lasted
        /// <see cref="ProvenConnectionMilliseconds"/> proves the address; one that ended sooner counts as a failed
        /// connect, since accepting a connection does not prove it is the server (a TLS handshake refused, a 404 from
        /// another host on the old address).
        /// </summary>
        public void ConnectionEnded(long lastedMilliseconds)
        {
            _connectFailedSinceLookup = lastedMilliseconds < ProvenConnectionMilliseconds;
        }

        private long NextLookupMilliseconds()
        {
            if (_lastLookupFailed)
            {
                return _lastLookupMilliseconds + _retryDelayMilliseconds;
            }

            if (!_hasAddress)
            {
                return long.MinValue;
            }

            return _connectFailedSinceLookup ? _lastLookupMilliseconds + RelookupAfterConnectFailureMilliseconds : long.MaxValue;
        }
    }
}
