using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's real plot creator, whose first request waits <paramref name="delayMilliseconds"/> of simulated time before
/// it goes out, as a first DNS lookup or a slow server keeps the board waiting.
/// </summary>
public sealed class SlowPlotCreator(IPlotCreator inner, SimulatedTime time, int delayMilliseconds) : IPlotCreator
{
    private int _delay = delayMilliseconds;

    /// <inheritdoc/>
    public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
    {
        int delay = Interlocked.Exchange(ref _delay, 0);
        if (delay > 0)
        {
            time.Sleep(delay);
        }

        return inner.Create(server, request);
    }
}
