using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>The status LED of the virtual device: it counts how often it flashed (tests count the flashes per beat).</summary>
public sealed class SimulatedStatusLed(int pin) : IStatusLed
{
    private int _isLit;
    private int _flashes;

    /// <inheritdoc/>
    public int PinNumber => pin;

    /// <summary>How often it went on (a flash, for the pulse pattern).</summary>
    public int Flashes => Volatile.Read(ref _flashes);

    /// <inheritdoc/>
    public void Show(bool lit)
    {
        // A flash is a dark-to-lit change.
        if (Interlocked.Exchange(ref _isLit, lit ? 1 : 0) == 0 && lit)
        {
            Interlocked.Increment(ref _flashes);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Show(false);
}
