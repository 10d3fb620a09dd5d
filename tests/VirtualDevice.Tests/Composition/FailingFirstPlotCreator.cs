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
    private int _requests;

    /// <summary>How many requests went out, failed or not.</summary>
    public int Requests => _requests;

    /// <inheritdoc/>
    public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
    {
        Interlocked.Increment(ref _requests);
        return inner.Create(Interlocked.Decrement(ref _left) >= 0 ? failing : server, request);
    }
}
