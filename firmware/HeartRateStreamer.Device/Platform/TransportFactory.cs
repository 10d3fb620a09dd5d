using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>Makes a new, unconnected transport to a server (a TCP socket, with TLS when the server asks for it).</summary>
    public delegate ITransport TransportFactory();
}
