using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Benchmarks.LoopCost;

/// <summary>The device's threads as another <see cref="IDeviceThreads"/> runs them, with every loop it starts kept for counting its passes.</summary>
public sealed class CountingThreads(IDeviceThreads inner) : IDeviceThreads
{
    private readonly List<DeviceLoop> _loops = [];

    /// <summary>Every loop started so far.</summary>
    public IReadOnlyList<DeviceLoop> Loops
    {
        get
        {
            lock (_loops)
            {
                return [.. _loops];
            }
        }
    }

    /// <inheritdoc/>
    public IWakeSignal Start(DeviceLoop loop)
    {
        lock (_loops)
        {
            _loops.Add(loop);
        }

        return inner.Start(loop);
    }

    /// <inheritdoc/>
    public void Sleep(int milliseconds) => inner.Sleep(milliseconds);
}
