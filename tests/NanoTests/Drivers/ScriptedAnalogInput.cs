using System.IO;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// An analog input that returns a scripted sequence of conversions (repeating the last one when the script runs out)
    /// and can be told to fail, as an ADC adapter would when its channel is unavailable.
    /// </summary>
    internal sealed class ScriptedAnalogInput : IAnalogInput
    {
        private readonly int[] _values;
        private int _next;

        public ScriptedAnalogInput(int maxValue, params int[] values)
        {
            MaxValue = maxValue;
            _values = values;
            FailureMessage = string.Empty;
        }

        public int MaxValue { get; }

        public int ReadCount { get; private set; }

        /// <summary>When not empty, every read throws IOException with this message.</summary>
        public string FailureMessage { get; set; }

        public int Read()
        {
            ReadCount++;
            if (FailureMessage.Length > 0)
            {
                throw new IOException(FailureMessage);
            }

            int value = _values[_next];
            if (_next < _values.Length - 1)
            {
                _next++;
            }

            return value;
        }
    }
}
