namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The addresses Kestrel really bound (port 0 becomes a free port), known once it runs.</summary>
public sealed class ServerAddresses
{
    public Uri? Http { get; private set; }

    public Uri? Https { get; private set; }

    /// <param name="proxyProtocolPort">--proxy-protocol-port: HAProxy's way in, not an address to give clients.</param>
    public void Set(IEnumerable<string> bound, int? proxyProtocolPort = null)
    {
        foreach (string address in bound)
        {
            var uri = new Uri(address);
            if (uri.Port == proxyProtocolPort)
            {
                continue;
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                Https ??= uri;
            }
            else
            {
                Http ??= uri;
            }
        }
    }

    /// <summary>The configured public base URL (--public-url), such as https://plots.example.org, or null.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>The base URL that plot links and the stream host are given with: the configured public URL when
    /// there is one; else the address the client used, the request's scheme (so a request over TLS is answered with
    /// https, and a device set up for it keeps its streams encrypted) with its Host header's name and port (a port
    /// forward, NAT or TCP proxy in front of the server is the way in, not the port Kestrel bound), when that is a plain
    /// host name or IPv4 address with a valid port or none; and the bound address of the request's scheme when it is
    /// anything else (the Host header is the client's to write). The answer goes only to the client that sent the Host
    /// header, and nothing keeps or logs it, so a client can only mislead itself.</summary>
    public string BaseUrlFor(bool overTls, string hostHeader)
    {
        if (PublicUrl is not null)
        {
            return PublicUrl.GetLeftPart(UriPartial.Authority);
        }

        Uri endpoint = (overTls ? Https : Http) ?? Http ?? Https ?? throw new InvalidOperationException("The server is not listening yet.");
        var host = new Microsoft.AspNetCore.Http.HostString(hostHeader);
        string name = host.Host;
        bool portValid = host.Port is int port ? port is > 0 and <= 65535 : hostHeader.IndexOf(':') < 0;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 && name.Length <= 253 && portValid
            ? $"{endpoint.Scheme}://{name}{(host.Port is int given ? ":" + given : "")}"
            : endpoint.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Checks a --public-url: an absolute http or https URL with nothing after the host and port.</summary>
    public static Uri ParsePublicUrl(string url)
    {
        return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri
            : throw new ArgumentException($"--public-url '{Redacted.Address(url)}' must be like https://plots.example.org or http://192.168.1.20:8080 (no path, query or user).");
    }
}
