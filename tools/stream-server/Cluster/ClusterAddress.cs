using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>--cluster redis://HOST[:PORT]: the Redis that the nodes of one cluster share.</summary>
public static class ClusterAddress
{
    /// <summary>Redis's registered port (IANA).</summary>
    public const int DefaultPort = 6379;

    /// <summary>StackExchange.Redis options for the address: it does not give up when Redis is not there at start-up or goes
    /// away later, but keeps reconnecting, so a node serves locally meanwhile and rejoins when Redis returns.</summary>
    /// <exception cref="ArgumentException">The address is not redis://HOST[:PORT].</exception>
    public static ConfigurationOptions Parse(string address)
    {
        const string Usage = "use redis://HOST[:PORT], such as redis://127.0.0.1:6379";
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            throw new ArgumentException($"--cluster '{address}' is not a Redis address; {Usage}.");
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"--cluster '{address}' has more than a host and port (no database, user or options are taken); {Usage}.");
        }

        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ClientName = "stream-server",
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        return options;
    }
}
