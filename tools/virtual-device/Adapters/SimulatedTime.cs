using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// Simulated time for the device's own threads: every loop runs on a real thread, as on a board, but the clock moves
/// only when every one of them is waiting (between passes, or in a simulated blocking call), and then straight to the
/// earliest wake-up. So ten minutes of a device take as long as the work in them, the order of events is the order a
/// board would see, and a connect that blocks for 30 s blocks its own thread for 30 s of device time while the others go on.
/// Real I/O (the sockets to the stream server) runs in real time while the clock stands still.
/// </summary>
public sealed class SimulatedTime : IClock, IDeviceThreads, IDisposable
{
    // A thread that neither finishes nor waits for this long of real time means a deadlock in what is simulated.
    private static readonly TimeSpan s_stuckAfter = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly PriorityQueue<Waiter, (long Wake, long Sequence)> _waiting = new();
    private readonly HeldThreads _threads = new();
    private long _now;
    private long _sequence;
    private int _running;
    private bool _stopping;

    /// <inheritdoc/>
    public long Milliseconds
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <inheritdoc/>
    public IWakeSignal Start(DeviceLoop loop)
    {
        var wake = new LoopWake(this);
        Spawn(loop.Name, () =>
        {
            int wait;
            while ((wait = loop.RunOnce()) != DeviceLoop.Finished && Park(wait, wake))
            {
            }
        });
        return wake;
    }

    /// <summary>Runs <paramref name="body"/> on a thread that takes part in simulated time (the board's main thread, say).</summary>
    public void Spawn(string name, Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            finally
            {
                // Under the gate, so the clock cannot move with an ended body still held.
                lock (_gate)
                {
                    _threads.Ended(Thread.CurrentThread);
                    _running--;
                    Monitor.PulseAll(_gate);
                }
            }
        })
        { Name = name, IsBackground = true };
        lock (_gate)
        {
            _running++;
            _threads.Add(thread);
        }

        try
        {
            thread.Start();
        }
        catch
        {
            lock (_gate)
            {
                _threads.Ended(thread);
                _running--;
                Monitor.PulseAll(_gate);
            }

            throw;
        }
    }

    /// <summary>The names of the threads <see cref="Stop"/> would wait for: those whose bodies have not finished.</summary>
    internal string[] ThreadsHeld => [.. _threads.Snapshot().Select(t => t.Name ?? "")];

    /// <inheritdoc/>
    public void Sleep(int milliseconds) => Park(milliseconds, null);

    /// <summary>Lets the device run until the clock reads <paramref name="milliseconds"/>.</summary>
    public void RunUntil(long milliseconds)
    {
        lock (_gate)
        {
            while (true)
            {
                DateTime stuckAt = DateTime.UtcNow + s_stuckAfter;
                while (_running > 0)
                {
                    if (!Monitor.Wait(_gate, stuckAt - DateTime.UtcNow > TimeSpan.Zero ? stuckAt - DateTime.UtcNow : TimeSpan.Zero) && DateTime.UtcNow >= stuckAt)
                    {
                        throw new TimeoutException($"simulated time is stuck at {_now} ms: {_running} thread(s) neither finish nor wait after {s_stuckAfter.TotalSeconds} s of real time.");
                    }
                }

                // Waiters woken early by their signal are still queued: drop them.
                while (_waiting.TryPeek(out Waiter? stale, out _) && stale.Released)
                {
                    _waiting.Dequeue();
                }

                if (_waiting.Count == 0 || !_waiting.TryPeek(out _, out (long Wake, long Sequence) next) || next.Wake > milliseconds)
                {
                    _now = Math.Max(_now, milliseconds);
                    return;
                }

                _now = next.Wake;
                while (_waiting.TryPeek(out Waiter? waiter, out (long Wake, long Sequence) due) && due.Wake == _now)
                {
                    _waiting.Dequeue();
                    if (!waiter.Released)
                    {
                        waiter.Released = true;
                        _running++;
                    }
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Lets the device run for <paramref name="milliseconds"/> more.</summary>
    public void RunFor(long milliseconds) => RunUntil(Milliseconds + milliseconds);

    /// <summary>Ends every thread after its current pass, as a PC ends a run.</summary>
    public void Stop()
    {
        Thread[] threads;
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
            threads = _threads.Snapshot();
        }

        foreach (Thread thread in threads)
        {
            thread.Join(s_stuckAfter);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    // Waits until the clock reaches now + milliseconds, or until wake is set; false once the run is stopping.
    private bool Park(int milliseconds, LoopWake? wake)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            if (wake != null && wake.TakePending())
            {
                // Set while the loop was running: like an auto-reset event, the wait returns at once.
                return true;
            }

            var waiter = new Waiter();
            _waiting.Enqueue(waiter, (_now + Math.Max(0, milliseconds), _sequence++));
            if (wake != null)
            {
                wake.Parked = waiter;
            }

            _running--;
            Monitor.PulseAll(_gate);
            while (!waiter.Released && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            if (wake != null)
            {
                wake.Parked = null;
            }

            if (!waiter.Released)
            {
                _running++;
            }

            return !_stopping;
        }
    }

    // Wakes a parked waiter now, at the current simulated time (the caller holds the gate).
    private void ReleaseNow(Waiter waiter)
    {
        if (!waiter.Released)
        {
            waiter.Released = true;
            _running++;
            Monitor.PulseAll(_gate);
        }
    }

    private sealed class Waiter
    {
        public bool Released { get; set; }
    }

    // A loop's wake-up in simulated time: releases the loop's wait at once, or makes its next wait return at once.
    private sealed class LoopWake(SimulatedTime time) : IWakeSignal
    {
        private bool _pending;

        public Waiter? Parked { get; set; }

        public void Set()
        {
            lock (time._gate)
            {
                if (Parked != null)
                {
                    time.ReleaseNow(Parked);
                }
                else
                {
                    _pending = true;
                }
            }
        }

        public bool TakePending()
        {
            bool pending = _pending;
            _pending = false;
            return pending;
        }
    }
}
