using HeartRateStreamer.StreamServer.Hosting;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>The embedded server exactly as the default command starts it (50 ms ingest throttle), for a device in real time.</summary>
public sealed class RealTimeEmbeddedServer : EmbeddedServer
{
    /// <inheritdoc />
    protected override int ThrottleMilliseconds => new StreamServerOptions().ThrottleMilliseconds;
}
