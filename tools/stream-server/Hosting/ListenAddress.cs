using System.Net;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>One --urls entry as Kestrel needs it: an IP endpoint and whether it is TLS (and, for --proxy-protocol-port, whether
/// its connections start with HAProxy's PROXY protocol header).</summary>
public sealed record ListenAddress(IPEndPoint EndPoint, bool IsHttps, bool IsProxied = false)
{
    /// <summary>Parses http://HOST:PORT or https://HOST:PORT. HOST is an IP literal, "localhost"
    /// (bound as 127.0.0.1, because Kestrel cannot bind port 0 on "localhost"), or * / + / 0.0.0.0 for all.</summary>
    public static ListenAddress Parse(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"--urls '{Redacted.Address(url)}' is not of the form http://HOST:PORT (for example http://127.0.0.1:8080).");
        }

        IPAddress address;
        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out address!))
        {
            throw new ArgumentException($"--urls '{Redacted.Address(url)}': the host must be an IP address, localhost or *, not '{uri.Host}'.");
        }

        return new ListenAddress(new IPEndPoint(address, uri.Port), uri.Scheme == Uri.UriSchemeHttps);
    }
}
