using System;
using System.IO;
using System.Net;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The server's IPv4 address, looked up in DNS once for every stream's transport and kept (the schedule is
    /// <see cref="AddressLookupSchedule"/>: on the ESP32 a lookup holds every thread for up to 30 s). An IP address in
    /// server.url needs no DNS, and lwIP answers it at once.
    /// </summary>
    public sealed class ServerAddressBook
    {
        private const int MillisecondsPerSecond = 1000;

        private readonly IClock _clock;

        // Guards everything below; held across the lookup, which holds every other thread anyway.
        private readonly object _lock = new object();
        private string _host = "";
        private IPAddress? _address;
        private AddressLookupSchedule _schedule = new AddressLookupSchedule();

        /// <summary>An empty book; lookups are timed by <paramref name="clock"/>.</summary>
        public ServerAddressBook(IClock clock)
        {
            _clock = clock;
        }

        /// <summary>
        /// The address to connect to for <paramref name="host"/>: the one known, or a fresh lookup when one is due.
        /// Throws <see cref="IOException"/> with the reason when there is none.
        /// </summary>
        public IPAddress AddressOf(string host)
        {
            lock (_lock)
            {
                if (host != _host)
                {
                    _host = host;
                    _address = null;
                    _schedule = new AddressLookupSchedule();
                }

                long now = _clock.Milliseconds;
                if (_schedule.IsLookupDue(now))
                {
                    LookUp(host, now);
                }
                else if (_address == null)
                {
                    throw new IOException("no address for " + host + " yet: its DNS lookup failed, the next in "
                        + (_schedule.MillisecondsUntilLookup(now) / MillisecondsPerSecond).ToString() + " s (an IP address in server.url needs no lookup)");
                }

                return _address!;
            }
        }

        /// <summary>A connect to the address, or the TLS handshake after it, failed: the name is looked up again in time.</summary>
        public void ConnectFailed()
        {
            lock (_lock)
            {
                _schedule.ConnectFailed();
            }
        }

        /// <summary>A connection to the address is open; returns when, for <see cref="ConnectionEnded"/>.</summary>
        public long ConnectionOpened()
        {
            return _clock.Milliseconds;
        }

        /// <summary>
        /// The connection opened at <paramref name="openedAtMilliseconds"/> has ended: one that lasted proves the address,
        /// one that ended at once has the name looked up again in time (<see cref="AddressLookupSchedule.ConnectionEnded"/>).
        /// </summary>
        public void ConnectionEnded(long openedAtMilliseconds)
        {
            lock (_lock)
            {
                _schedule.ConnectionEnded(_clock.Milliseconds - openedAtMilliseconds);
            }
        }

        private void LookUp(string host, long now)
        {
            try
            {
                IPHostEntry entry = Dns.GetHostEntry(host);
                if (entry.AddressList.Length == 0)
                {
                    throw new IOException("DNS found no address");
                }

                _address = entry.AddressList[0];
                _schedule.LookupSucceeded(now);
            }
            catch (Exception e)
            {
                _schedule.LookupFailed(now);
                if (_address == null)
                {
                    throw new IOException("looking up " + host + " failed: " + NetworkFailureText.Describe(e) + "; the next lookup in "
                        + (_schedule.MillisecondsUntilLookup(now) / MillisecondsPerSecond).ToString() + " s", e);
                }

                // DNS is down but the address it gave before may well still be right: use it.
            }
        }
    }
}
