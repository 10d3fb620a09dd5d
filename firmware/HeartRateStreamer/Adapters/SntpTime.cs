using System;
using System.Threading;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using nanoFramework.Networking;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The wall clock, set by nanoFramework's SNTP client once the network is up. Until then <see cref="DateTime.UtcNow"/>
    /// counts from the firmware's epoch, so "set" means a year of 2021 or later, the test WifiNetworkHelper uses too.
    /// </summary>
    public sealed class SntpTime : IWallClock
    {
        // The clock is polled this often while start-up waits for it.
        private const int PollMilliseconds = 250;

        // No clock set by SNTP reads earlier than this (WifiNetworkHelper's own check).
        private const int FirstValidYear = 2021;

        private const long MillisecondsPerSecond = 1000;

        private readonly IClock _clock;

        // The SNTP Server1 setter hands the native stack a pointer into the managed string: keep it referenced and unchanged.
        private string _server = "";

        /// <summary>The wall clock; <paramref name="clock"/> times the waits.</summary>
        public SntpTime(IClock clock)
        {
            _clock = clock;
        }

        /// <inheritdoc />
        public bool IsSet => DateTime.UtcNow.Year >= FirstValidYear;

        /// <inheritdoc />
        public long UtcNowUnixMilliseconds
        {
            get
            {
                DateTime now = DateTime.UtcNow;
                return now.ToUnixTimeSeconds() * MillisecondsPerSecond + now.Millisecond;
            }
        }

        /// <inheritdoc />
        public bool WaitUntilSet(string server, int timeoutMilliseconds)
        {
            if (server.Length > 0 && server != _server)
            {
                _server = server;
                Sntp.Server1 = _server;
            }

            if (Sntp.IsStarted)
            {
                Sntp.UpdateNow();
            }
            else
            {
                Sntp.Start();
            }

            long deadline = _clock.Milliseconds + timeoutMilliseconds;
            while (!IsSet && _clock.Milliseconds < deadline)
            {
                Thread.Sleep(PollMilliseconds);
            }

            return IsSet;
        }
    }
}
