using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The device's loops on real threads in real time, as on a board (a pass, then sleep what it asks or until woken),
/// with the one thing a board never does: stop.
/// <see cref="Stop"/> wakes every sleeping loop and waits for the threads to end, so the run can end its streams.
/// </summary>
public sealed class SystemThreads : IDeviceThreads, IDisposable
{
    private readonly ManualResetEventSlim _stopping = new();
    private readonly HeldThreads _threads = new();

    /// <inheritdoc/>
    public IWakeSignal Start(DeviceLoop loop)
    {
        var wake = new LoopWakeSignal();
        var thread = new Thread(() => Run(loop, wake))
        {
            Name = loop.Name,
            IsBackground = true,
            Priority = loop.IsTimeCritical ? ThreadPriority.AboveNormal : ThreadPriority.Normal,
        };
        _threads.Add(thread);
        try
        {
            thread.Start();
        }
        catch
        {
            _threads.Ended(thread);
            throw;
        }

        return wake;
    }

    /// <summary>The threads <see cref="Stop"/> would wait for: those whose loops have not ended.</summary>
    internal int ThreadsHeld => _threads.Snapshot().Length;

    // Once stopping, a sleep lasts at most this long instead of none: a device loop that polls (start-up waiting for its
    // plot creation, a Wi-Fi wait) then yields its core between looks rather than spinning until its own deadline.
    private const int StoppingSleepMilliseconds = 10;

    // Set on the threads this runs the device's loops on.
    [ThreadStatic]
    private static SystemThreads? t_runningOn;

    /// <inheritdoc/>
    public void Sleep(int milliseconds)
    {
        if (!_stopping.Wait(milliseconds) || milliseconds <= 0)
        {
            return;
        }

        Thread.Sleep(Math.Min(milliseconds, StoppingSleepMilliseconds));
    }

    /// <summary>True on one of this instance's loop threads once <see cref="RequestStop"/> was called: the board is off.</summary>
    private bool IsStoppedLoopThread => _stopping.IsSet && t_runningOn == this;

    /// <summary>
    /// <paramref name="log"/> as the board's log: once the run has told the loops to stop, a line a loop writes while it
    /// winds down is dropped (the board is off: a connecting job whose plot creation the run abandoned would otherwise
    /// log a failed plot and "Streaming:" after Ctrl+C); what the run itself writes, ending the streams, still shows.
    /// </summary>
    public ILogOutput LogUntilStopped(ILogOutput log) => new StoppedLoopsLog(log, this);

    /// <summary>True once <see cref="Stop"/> was called.</summary>
    public bool IsStopping => _stopping.IsSet;

    /// <summary>Tells every loop to end after its current pass (and sleeps to end at once), without waiting for the threads.</summary>
    public void RequestStop() => _stopping.Set();

    /// <summary>Ends every loop after its current pass and waits up to <paramref name="timeout"/> for the threads;
    /// returns the names of those still running then (none, when the stop waited for nothing that hung).</summary>
    public string[] Stop(TimeSpan timeout)
    {
        RequestStop();
        Thread[] threads = _threads.Snapshot();

        DateTime deadline = DateTime.UtcNow + timeout;
        foreach (Thread thread in threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        return [.. threads.Where(thread => thread.IsAlive).Select(thread => thread.Name ?? "unnamed")];
    }

    /// <inheritdoc/>
    public void Dispose() => _ = Stop(TimeSpan.FromSeconds(5));

    private void Run(DeviceLoop loop, LoopWakeSignal wake)
    {
        t_runningOn = this;
        WaitHandle[] handles = [_stopping.WaitHandle, wake.Handle];
        try
        {
            while (!_stopping.IsSet)
            {
                int wait = loop.RunOnce();
                if (wait == DeviceLoop.Finished)
                {
                    return;
                }

                WaitHandle.WaitAny(handles, wait);
            }
        }
        finally
        {
            _threads.Ended(Thread.CurrentThread);
        }
    }

    private sealed class StoppedLoopsLog(ILogOutput inner, SystemThreads threads) : ILogOutput
    {
        public void WriteLine(string line)
        {
            if (!threads.IsStoppedLoopThread)
            {
                inner.WriteLine(line);
            }
        }
    }

    // A loop's wake-up: an auto-reset event, as on the board.
    private sealed class LoopWakeSignal : IWakeSignal
    {
        public AutoResetEvent Handle { get; } = new(false);

        public void Set() => Handle.Set();
    }
}
