using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>The configuration of a device under test: the given server, the demo account (so it creates its plot), fresh tokens and a plot of its own.</summary>
public static class TestDeviceConfiguration
{
    /// <summary>Keys as a device.json for <paramref name="serverUrl"/> would hold them.</summary>
    public static DeviceConfiguration For(string serverUrl, string apiKey) => new DeviceConfiguration(null)
        .Set(ConfigurationKeys.ServerUrl, serverUrl, "test")
        .Set(ConfigurationKeys.ServerUser, StreamServerHost.DemoUser, "test")
        .Set(ConfigurationKeys.ServerApiKey, apiKey, "test")
        .Set(ConfigurationKeys.ServerPlotName, "test-" + Guid.NewGuid().ToString("N")[..8], "test")
        .Set(ConfigurationKeys.ServerPulseToken, Token(), "test")
        .Set(ConfigurationKeys.ServerHeartRateToken, Token(), "test")
        .Set(ConfigurationKeys.ServerOxygenSaturationToken, Token(), "test");

    private static string Token() => "t" + Guid.NewGuid().ToString("N")[..12];
}
