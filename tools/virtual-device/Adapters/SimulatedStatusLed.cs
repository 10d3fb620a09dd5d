using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>The status LED of the virtual device: it remembers whether it is lit and how often it changed, for the status line and tests.</summary>
public sealed class SimulatedStatusLed(int pin) : IStatusLed
{
    private int _isLit;
    private int _changes;
    private int _flashes;

    /// <inheritdoc/>
    public int PinNumber => pin;

    /// <summary>True while lit.</summary>
    public bool IsLit => Volatile.Read(ref _isLit) == 1;

    /// <summary>How often it went on or off.</summary>
    public int Changes => Volatile.Read(ref _changes);

    /// <summary>How often it went on (a flash, for the pulse pattern).</summary>
    public int Flashes => Volatile.Read(ref _flashes);

    /// <inheritdoc/>
    public void Show(bool lit)
    {
        if (Interlocked.Exchange(ref _isLit, lit ? 1 : 0) != (lit ? 1 : 0))
        {
            Interlocked.Increment(ref _changes);
            if (lit)
            {
                Interlocked.Increment(ref _flashes);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Show(false);
}
