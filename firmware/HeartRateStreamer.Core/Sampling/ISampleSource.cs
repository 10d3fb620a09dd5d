namespace HeartRateStreamer.Sampling
{
    /// <summary>
    /// A pulse sensor as the sampler sees it: start it, then read what it has ready. Implemented next to each driver
    /// (Iot.Device.Max30102.Max30102SampleSource, Iot.Device.PulseSensor.PulseSensorSampleSource).
    /// </summary>
    public interface ISampleSource
    {
        /// <summary>Microseconds between two consecutive samples the source delivers.</summary>
        int SampleIntervalMicroseconds { get; }

        /// <summary>How often the sampler calls <see cref="Read"/>, in microseconds.</summary>
        int PollIntervalMicroseconds { get; }

        /// <summary>The most samples one <see cref="Read"/> returns; the sampler sizes its arrays with it once.</summary>
        int MaximumSamplesPerRead { get; }

        /// <summary>
        /// True when the sensor keeps samples until they are read (a FIFO), so a late poll loses nothing. False for a
        /// source read at the moment of the poll (an ADC), where every missed poll is a missing sample.
        /// </summary>
        bool BuffersSamples { get; }

        /// <summary>
        /// True when a full buffer keeps its oldest samples and loses those arriving, so the samples a read reports lost
        /// came after the ones it returned; false when it overwrites the oldest (they came before). Only a source that
        /// <see cref="BuffersSamples"/> loses samples this way; the sampler times the others by the poll.
        /// </summary>
        bool LosesNewestWhenFull { get; }

        /// <summary>Samples the sensor itself reports as lost since the source was created (a FIFO overflow); never decreases.</summary>
        int LostSampleCount { get; }

        /// <summary>
        /// True when the last <see cref="Read"/> reported as many lost samples as the sensor can count (the MAX30102's
        /// OVF_COUNTER stops at 31): more may have been lost, so the samples after them cannot be placed by counting.
        /// </summary>
        bool LastLossUncounted { get; }

        /// <summary>
        /// Of the samples the last <see cref="Read"/> reported lost, how many came before the samples it returned even
        /// though <see cref="LosesNewestWhenFull"/> (the MAX30102's samples popped by a FIFO read that broke off and could
        /// not be read again); 0 for a source that never loses samples that way.
        /// </summary>
        int LastLossBeforeBatch { get; }

        /// <summary>
        /// Brings the sensor into a known, configured state: at start and again after any failure.
        /// Throws (typically <see cref="System.IO.IOException"/>) with the reason when it cannot.
        /// </summary>
        void Start();

        /// <summary>
        /// Copies the samples that are ready, oldest first, into red[0..n) and infrared[0..n) and returns n
        /// (0 to <see cref="MaximumSamplesPerRead"/>). A channel the sensor does not have is filled with 0.
        /// Allocates nothing. Throws with the reason when the sensor cannot be read.
        /// </summary>
        int Read(int[] red, int[] infrared);
    }
}
