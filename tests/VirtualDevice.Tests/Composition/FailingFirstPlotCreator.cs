using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's real plot creator, whose first <paramref name="failures"/> requests go to <paramref name="failing"/> (a
/// server answering 503, as a proxy does while the server behind it restarts) and the rest where the device sends them.
/// </summary>
public sealed class FailingFirstPlotCreator(IPlotCreator inner, ServerAddress failing, int failures) : IPlotCreator
{
    private int _left = failures;

    /// <summary>How many requests went out, failed or not.</summary>
    public int Requests { get; private set; }

    /// <inheritdoc/>
    public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
    {
        Requests++;
        return inner.Create(Interlocked.Decrement(ref _left) >= 0 ? failing : server, request);
    }
}
