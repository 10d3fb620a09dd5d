using System.Net;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>What HAProxy's send-proxy-v2 puts before a connection's bytes, for tests that come through --proxy-protocol-port
/// from an address of their choosing.</summary>
public static class ProxyHeader
{
    /// <summary>A PROXY protocol v2 header (TCP over IPv4, or IPv6 for a 16-byte source) from that source address to
    /// 10.0.0.1:8080 (::ffff:10.0.0.1 over IPv6).</summary>
    public static byte[] From(byte[] source) => source.Length == 4
        ? [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0, 12, .. source, 10, 0, 0, 1, 0xC3, 0x50, 0x1F, 0x90]
        : [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x21, 0, 36, .. source, .. IPAddress.Parse("::ffff:10.0.0.1").GetAddressBytes(), 0xC3, 0x50, 0x1F, 0x90];
}
