using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer
{
    /// <summary>
    /// The firmware's log: one line per event, prefixed with the time since boot, on the console (Visual Studio's
    /// Output window, or any serial monitor on the debug port). Lines are built with string concatenation, so call it
    /// for events and reports, never per sample.
    /// </summary>
    public static class DeviceLog
    {
        private static IClock? s_clock;

        /// <summary>Sets the clock the time prefix comes from (before it is set, lines carry no time).</summary>
        public static void UseClock(IClock clock)
        {
            s_clock = clock;
        }

        /// <summary>Writes "[  12.3 s] message".</summary>
        public static void Write(string message)
        {
            IClock? clock = s_clock;
            if (clock == null)
            {
                Console.WriteLine(message);
                return;
            }

            long milliseconds = clock.Milliseconds;
            string seconds = (milliseconds / 1000).ToString() + "." + ((milliseconds % 1000) / 100).ToString();
            Console.WriteLine("[" + seconds.PadLeft(8, ' ') + " s] " + message);
        }
    }
}
