using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The device's loops on real threads in real time, as on a board, with the one thing a board never does: stop.
/// <see cref="Stop"/> wakes every sleeping loop and waits for the threads to end, so the run can end its streams.
/// </summary>
public sealed class SystemThreads : IDeviceThreads, IDisposable
{
    private readonly ManualResetEventSlim _stopping = new();
    private readonly List<Thread> _threads = [];
    private readonly object _lock = new();

    /// <inheritdoc/>
    public void Start(DeviceLoop loop)
    {
        var thread = new Thread(() => Run(loop))
        {
            Name = loop.Name,
            IsBackground = true,
            Priority = loop.IsTimeCritical ? ThreadPriority.AboveNormal : ThreadPriority.Normal,
        };
        lock (_lock)
        {
            _threads.Add(thread);
        }

        thread.Start();
    }

    /// <inheritdoc/>
    public void Sleep(int milliseconds) => _stopping.Wait(milliseconds);

    /// <summary>True once <see cref="Stop"/> was called.</summary>
    public bool IsStopping => _stopping.IsSet;

    /// <summary>Ends every loop after its current pass and waits up to <paramref name="timeout"/> for the threads.</summary>
    public void Stop(TimeSpan timeout)
    {
        _stopping.Set();
        Thread[] threads;
        lock (_lock)
        {
            threads = [.. _threads];
        }

        DateTime deadline = DateTime.UtcNow + timeout;
        foreach (Thread thread in threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private void Run(DeviceLoop loop)
    {
        while (!_stopping.IsSet)
        {
            int wait = loop.RunOnce();
            if (wait == DeviceLoop.Finished)
            {
                return;
            }

            _stopping.Wait(wait);
        }
    }
}
