using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>The sensor's oscillator: the processor's clock at <c>percent</c> / 100 of its pace.</summary>
internal sealed class ProcessorDrivenClock(IClock processor, long percent) : IClock
{
    public long Milliseconds => processor.Milliseconds * percent / 100;
}
