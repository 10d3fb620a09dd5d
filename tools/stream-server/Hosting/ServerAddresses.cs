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
    /// there is one; else the plain-HTTP endpoint (https when there is no http) as reached through
    /// <paramref name="host"/>, the name the client used, when that is a plain host name or IP address, and
    /// the bound address when it is anything else (the Host header is the client's to write).</summary>
    public string BaseUrlFor(string host)
    {
        if (PublicUrl is not null)
        {
            return PublicUrl.GetLeftPart(UriPartial.Authority);
        }

        Uri endpoint = Http ?? Https ?? throw new InvalidOperationException("The server is not listening yet.");
        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 && host.Length <= 253
            ? $"{endpoint.Scheme}://{host}:{endpoint.Port}"
            : endpoint.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Checks a --public-url: an absolute http or https URL with nothing after the host and port.</summary>
    public static Uri ParsePublicUrl(string url)
    {
        return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri
            : throw new ArgumentException($"--public-url '{url}' must be like https://plots.example.org or http://192.168.1.20:8080 (no path, query or user).");
    }
}
