using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's real (simulated) threads, except that starting the first loop <paramref name="fails"/> picks throws
/// <see cref="OutOfMemoryException"/>, as creating a thread does on an ESP32 whose small heap is momentarily full.
/// </summary>
public sealed class FailingThreadStart(IDeviceThreads inner, Func<DeviceLoop, bool> fails) : IDeviceThreads
{
    private int _failed;

    /// <summary>How many starts were refused (at most one).</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <inheritdoc/>
    public IWakeSignal Start(DeviceLoop loop)
    {
        if (fails(loop) && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            throw new OutOfMemoryException("no memory for the thread (scripted)");
        }

        return inner.Start(loop);
    }

    /// <inheritdoc/>
    public void Sleep(int milliseconds) => inner.Sleep(milliseconds);
}
