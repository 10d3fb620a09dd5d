using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>A board's kind of wait for something outside the device (Wi-Fi joining, SNTP answering): look every
/// <c>step</c> on the board's threads, so simulated time moves while it waits, until it holds or the timeout passes.</summary>
public static class PollingWait
{
    /// <summary>Waits until <paramref name="holds"/> or <paramref name="timeoutMilliseconds"/> have passed; returns whether it holds.</summary>
    public static bool Until(Func<bool> holds, int timeoutMilliseconds, int stepMilliseconds, IClock clock, IDeviceThreads threads)
    {
        long deadline = clock.Milliseconds + timeoutMilliseconds;
        while (!holds())
        {
            long left = deadline - clock.Milliseconds; // read once: a real clock moves between two reads
            if (left <= 0)
            {
                return false;
            }

            threads.Sleep((int)Math.Min(stepMilliseconds, left));
        }

        return true;
    }
}
