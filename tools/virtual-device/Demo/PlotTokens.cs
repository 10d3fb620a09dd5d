using System.Security.Cryptography;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>The device's stream tokens, one per trace: the pulse wave always, heart rate and SpO2 when given.</summary>
public sealed record PlotTokens(string Pulse, string? HeartRate, string? OxygenSaturation)
{
    /// <summary>Fresh random tokens, so a run never writes into another run's (or another user's) plot.</summary>
    public static PlotTokens CreateRandom() => new(Token(), Token(), Token());

    private static string Token() => "vd" + RandomNumberGenerator.GetHexString(10, lowercase: true);
}
