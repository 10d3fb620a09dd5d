using HeartRateStreamer.Simulation.Max30102;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>A waveform that returns the same settable counts at every conversion and remembers when it was last asked.</summary>
    internal sealed class FixedWaveform : IOpticalWaveform
    {
        public FixedWaveform(int red, int infrared)
        {
            Red = red;
            Infrared = infrared;
            LastTimeMicroseconds = -1;
        }

        public int Red { get; set; }

        public int Infrared { get; set; }

        public int CallCount { get; private set; }

        public long LastTimeMicroseconds { get; private set; }

        public void Sample(long timeMicroseconds, out int red, out int infrared)
        {
            CallCount++;
            LastTimeMicroseconds = timeMicroseconds;
            red = Red;
            infrared = Infrared;
        }
    }
}
