using System.Globalization;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>Writes run's lines with the seconds since start; safe from the streaming loop and the watchdog's timer.</summary>
public sealed class RunLog(TextWriter output, IClock clock)
{
    private readonly object _lock = new();
    private readonly long _start = clock.Milliseconds;

    /// <summary>Writes one line stamped with the run's time.</summary>
    public void Line(string text)
    {
        double seconds = (clock.Milliseconds - _start) / 1000.0;
        lock (_lock)
        {
            output.WriteLine("[" + seconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7) + " s] " + text);
            output.Flush();
        }
    }
}
