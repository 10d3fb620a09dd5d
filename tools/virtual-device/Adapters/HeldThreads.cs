namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The threads a PC's stop waits for: each on the list from just before it starts until its body has ended, taken off
/// by its own thread (<see cref="Ended"/> in its finally), not found ended at some later start: so the list is exactly
/// the bodies not finished, whenever the runtime marks the thread stopped, and a run that starts a one-shot job at
/// every outage (a Wi-Fi reconnection, a plot made again) for weeks holds none of the ended ones.
/// </summary>
internal sealed class HeldThreads
{
    private readonly List<Thread> _threads = [];

    /// <summary>Puts <paramref name="thread"/> on the list; call before starting it, so a stop never misses it.</summary>
    public void Add(Thread thread)
    {
        lock (_threads)
        {
            _threads.Add(thread);
        }
    }

    /// <summary>Takes <paramref name="thread"/> off the list: the last thing its body does, or its starter's when the start failed.</summary>
    public void Ended(Thread thread)
    {
        lock (_threads)
        {
            _threads.Remove(thread);
        }
    }

    /// <summary>The threads whose bodies have not finished.</summary>
    public Thread[] Snapshot()
    {
        lock (_threads)
        {
            return [.. _threads];
        }
    }
}
