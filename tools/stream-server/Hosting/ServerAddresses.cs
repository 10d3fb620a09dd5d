namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The addresses Kestrel really bound (port 0 becomes a free port), known once it runs.</summary>
public sealed class ServerAddresses
{
    public Uri? Http { get; private set; }

    public Uri? Https { get; private set; }

    public void Set(IEnumerable<string> bound)
    {
        foreach (string address in bound)
        {
            var uri = new Uri(address);
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

    /// <summary>The base URL of the plain-HTTP endpoint (where streams and viewers go) as reached
    /// through <paramref name="host"/>, the name the client used; https when there is no http.</summary>
    public string BaseUrlFor(string host)
    {
        Uri endpoint = Http ?? Https ?? throw new InvalidOperationException("The server is not listening yet.");
        return $"{endpoint.Scheme}://{host}:{endpoint.Port}";
    }
}
