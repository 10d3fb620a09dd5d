using System;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The device's log: one line per event, prefixed with the time since boot, on the platform's output (the serial
    /// console on a board). Lines are built with string concatenation, so write events and reports, never per sample.
    /// </summary>
    public sealed class DeviceLog
    {
        private readonly IClock _clock;
        private readonly ILogOutput _output;

        /// <summary>A log stamped with <paramref name="clock"/>'s time, written to <paramref name="output"/>.</summary>
        public DeviceLog(IClock clock, ILogOutput output)
        {
            _clock = clock;
            _output = output;
        }

        /// <summary>What <see cref="Describe"/> says of an exception it cannot put into words (the heap is exhausted).</summary>
        public const string UndescribedFault = "an exception that could not be described (out of memory?)";

        /// <summary>Writes "[    12.3 s] message"; never throws (a line it cannot build or write is lost).</summary>
        public void Write(string message)
        {
            try
            {
                long milliseconds = _clock.Milliseconds;
                string seconds = (milliseconds / 1000).ToString() + "." + ((milliseconds % 1000) / 100).ToString();
                _output.WriteLine("[" + seconds.PadLeft(8, ' ') + " s] " + message);
            }
            catch (Exception)
            {
                // A fault's handler logs and then retries or reboots; a log line lost on an exhausted heap must not stop it.
            }
        }

        /// <summary>"1 stream", "5 streams": a count in a log line with its noun in the number it takes.</summary>
        public static string Count(int count, string one, string many)
        {
            return count.ToString() + " " + (count == 1 ? one : many);
        }

        /// <summary>
        /// "Type: message" for a fault's log line; never throws. A catch that handles a fault calls this after it has
        /// counted the fault: on an exhausted heap the text (or the exception's own Message) throws again, and then it is
        /// <see cref="UndescribedFault"/> rather than a second exception that skips the retry or reboot.
        /// </summary>
        public static string Describe(Exception fault)
        {
            string name = UndescribedFault;
            try
            {
                name = fault.GetType().Name;
                return name + ": " + fault.Message;
            }
            catch (Exception)
            {
                // The type's name when only the message failed (an exception's own Message can throw, too).
                return name;
            }
        }
    }
}
