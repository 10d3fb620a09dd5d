using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>Reconnect jitter from .NET's shared, thread-safe random generator.</summary>
public sealed class SystemRandom : IRandom
{
    /// <inheritdoc />
    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);
}
