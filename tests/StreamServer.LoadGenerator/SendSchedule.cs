using System.Diagnostics;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>Writes every device's objects on its own 50 ms schedule, the devices' phases spread evenly
/// over the interval (real devices are not in step). A few threads walk the devices in phase order, so
/// each write costs O(1) whatever the count. A device never writes faster than its interval: a tick
/// missed because the generator fell behind is skipped and counted, as the firmware sends at most one
/// object per interval.</summary>
public sealed class SendSchedule
{
    private readonly IReadOnlyList<Device> _devices;
    private readonly long _intervalTicks;
    private long _skippedTicks;

    public SendSchedule(IReadOnlyList<Device> devices, int intervalMilliseconds)
    {
        _devices = devices;
        _intervalTicks = intervalMilliseconds * Stopwatch.Frequency / 1000;
    }

    /// <summary>Ticks skipped because the generator was late by more than an interval.</summary>
    public long SkippedTicks => Interlocked.Read(ref _skippedTicks);

    /// <summary>Runs from <paramref name="start"/> to <paramref name="end"/> (Stopwatch timestamps) on <paramref name="threads"/> threads.</summary>
    public void Run(long start, long end, int threads)
    {
        var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() => RunShare(thread, threads, start, end))
        {
            IsBackground = true,
            Name = $"devices {thread}",
        }).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
    }

    private void RunShare(int thread, int threads, long start, long end)
    {
        var mine = new List<Device>();
        var due = new List<long>();
        for (int i = thread; i < _devices.Count; i += threads)
        {
            mine.Add(_devices[i]);
            due.Add(start + (i * _intervalTicks / _devices.Count));
        }

        int cursor = 0;
        while (mine.Count > 0)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                return;
            }

            long wait = due[cursor] - now;
            if (wait > 0)
            {
                // Sleep(1) lasts about 1.1 ms on Linux; below that, give the core away without sleeping.
                if (wait * 1000 / Stopwatch.Frequency >= 1)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.Yield();
                }

                continue;
            }

            long late = (now - due[cursor]) / _intervalTicks;
            if (late > 0)
            {
                Interlocked.Add(ref _skippedTicks, late);
                due[cursor] += late * _intervalTicks;
            }

            mine[cursor].SendObject();
            due[cursor] += _intervalTicks;
            cursor = (cursor + 1) % mine.Count;
        }
    }
}
