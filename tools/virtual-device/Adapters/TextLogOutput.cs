using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>The device's log on a PC: lines to a writer (the console), whole lines even from several threads.</summary>
public sealed class TextLogOutput(TextWriter output) : ILogOutput
{
    private readonly object _lock = new();

    /// <inheritdoc/>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
