using System;
using System.Threading;
using HeartRateStreamer.Ports;
using nanoFramework.Networking;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The wall clock, set by nanoFramework's SNTP client once the network is up. Until then <see cref="DateTime.UtcNow"/>
    /// counts from the firmware's epoch, so "set" means a year of 2021 or later, the test WifiNetworkHelper uses too.
    /// </summary>
    public static class SntpTime
    {
        // The clock is polled this often while start-up waits for it.
        private const int PollMilliseconds = 250;

        // No clock set by SNTP reads earlier than this (WifiNetworkHelper's own check).
        private const int FirstValidYear = 2021;

        private const long MillisecondsPerSecond = 1000;

        /// <summary>True once SNTP has set the clock.</summary>
        public static bool IsClockSet => DateTime.UtcNow.Year >= FirstValidYear;

        /// <summary>Milliseconds since 1970-01-01T00:00:00Z now.</summary>
        public static long UtcNowUnixMilliseconds
        {
            get
            {
                DateTime now = DateTime.UtcNow;
                return now.ToUnixTimeSeconds() * MillisecondsPerSecond + now.Millisecond;
            }
        }

        /// <summary>
        /// Starts SNTP (with <paramref name="server"/> when not empty), asks for an update and waits up to
        /// <paramref name="timeoutMilliseconds"/> for the clock. Returns true when it is set.
        /// </summary>
        public static bool WaitForClock(string server, int timeoutMilliseconds, IClock clock)
        {
            if (server.Length > 0)
            {
                Sntp.Server1 = server;
            }

            if (Sntp.IsStarted)
            {
                Sntp.UpdateNow();
            }
            else
            {
                Sntp.Start();
            }

            long deadline = clock.Milliseconds + timeoutMilliseconds;
            while (!IsClockSet && clock.Milliseconds < deadline)
            {
                Thread.Sleep(PollMilliseconds);
            }

            return IsClockSet;
        }
    }
}
