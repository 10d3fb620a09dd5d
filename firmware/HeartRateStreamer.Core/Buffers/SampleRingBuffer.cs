namespace HeartRateStreamer.Buffers
{
    public class SampleRingBuffer
    {
    }
}
