using HeartRateStreamer.StreamServer.Hosting;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>The <c>--cluster</c> address of the Redis that the nodes of one cluster share, in the Redis URI form
/// <c>redis-cli -u</c> takes: <c>redis://[[USER]:PASSWORD@]HOST[:PORT]</c>, or <c>rediss://...</c> for TLS (the server's
/// certificate checked against the system's trust store, or against the CA certificate file given as <c>?ca=PATH</c>).
/// A password left out of the URL is taken from REDISCLI_AUTH, as redis-cli does, so it need not appear in the process
/// list. The StackExchange.Redis options it gives do not give up when Redis is not there at start-up or goes away later,
/// but keep reconnecting, so a node serves locally meanwhile and rejoins when Redis returns.</summary>
public sealed class ClusterAddress
{
    /// <summary>Redis's registered port (IANA); redis-cli takes it for rediss:// too.</summary>
    public const int DefaultPort = 6379;

    /// <summary>redis-cli's own variable for a password kept out of the command line.</summary>
    public const string PasswordVariable = "REDISCLI_AUTH";

    private const string Form = "give redis://[[USER]:PASSWORD@]HOST[:PORT], or rediss://...[?ca=CA.pem] for TLS, "
        + "such as redis://127.0.0.1:6379 or rediss://:PASSWORD@redis.internal:6380 (the password may also come from " + PasswordVariable + ")";

    private ClusterAddress(ConfigurationOptions options, string shown)
    {
        Options = options;
        Shown = shown;
    }

    /// <summary>What StackExchange.Redis connects with.</summary>
    public ConfigurationOptions Options { get; }

    /// <summary>The address without its password, for messages and logs.</summary>
    public string Shown { get; }

    /// <inheritdoc cref="Parse(string, string?)"/>
    public static ClusterAddress Parse(string address) => Parse(address, Environment.GetEnvironmentVariable(PasswordVariable));

    /// <param name="address">The --cluster URL.</param>
    /// <param name="passwordVariable">REDISCLI_AUTH's value, taken when the URL has no password.</param>
    /// <exception cref="ArgumentException">The address is not a usable Redis URL; the message says what is wrong.</exception>
    public static ClusterAddress Parse(string address, string? passwordVariable)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"--cluster '{Hidden(address)}' is not a Redis address: {Form}.");
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"--cluster '{Hidden(address)}' has a database number or path: the cluster uses database 0 and takes "
                + $"only a host and port; {Form}.");
        }

        bool tls = uri.Scheme == "rediss";
        string host = uri.Host.Trim('[', ']');
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ClientName = "stream-server",
            Ssl = tls,
        };
        options.EndPoints.Add(host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        string? user = Credentials(address, uri, passwordVariable, options);
        string? ca = tls ? Trust(uri, host, options) : null;
        if (!tls && uri.Query.Length > 0)
        {
            throw new ArgumentException($"--cluster: '{Hidden(uri.Query)}' is not understood; redis:// takes nothing after the port "
                + "(?ca=PATH, the CA certificate to trust, is for rediss://, Redis over TLS).");
        }

        string authority = uri.Authority[(uri.Authority.IndexOf('@') + 1)..];
        return new ClusterAddress(options, $"{uri.Scheme}://{(user is null ? "" : user + "@")}{authority}{(ca is null ? "" : "?ca=" + ca)}");
    }

    // redis-cli reads "redis://NAME@HOST" as a password and other clients as a user: neither is taken, so a password is
    // never shown as a user name. Returns the user, if any.
    private static string? Credentials(string address, Uri uri, string? passwordVariable, ConfigurationOptions options)
    {
        if (uri.UserInfo.Length > 0 && !uri.UserInfo.Contains(':'))
        {
            throw new ArgumentException($"--cluster '{Hidden(address)}': write the password after a colon, redis://:PASSWORD@HOST, "
                + "or redis://USER:PASSWORD@HOST for a Redis 6 ACL user (redis-cli reads NAME@ as a password, other clients as a user).");
        }

        string[] credentials = uri.UserInfo.Split(':', 2);
        string? user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null;
        string? password = credentials.Length == 2 && credentials[1].Length > 0 ? Uri.UnescapeDataString(credentials[1])
            : string.IsNullOrEmpty(passwordVariable) ? null : passwordVariable;
        if (user is not null && password is null)
        {
            throw new ArgumentException($"--cluster names the Redis user '{user}' but no password: add it to the URL "
                + $"(redis://{user}:PASSWORD@...) or set {PasswordVariable}.");
        }

        options.User = user;
        options.Password = password;
        return user;
    }

    // The one setting after '?': the CA certificate to trust besides the system's. The server's certificate must name the
    // URL's host either way. Returns the CA file, if any.
    private static string? Trust(Uri uri, string host, ConfigurationOptions options)
    {
        options.SslHost = host;
        string? ca = null;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0] != "ca" || parts[1].Length == 0 || ca is not null)
            {
                throw new ArgumentException($"--cluster: '{Hidden(pair)}' is not understood; the one setting taken after '?' is ca=PATH, "
                    + "the CA certificate (PEM) that signed Redis's certificate, when the system does not trust it.");
            }

            ca = Uri.UnescapeDataString(parts[1]);
        }

        if (ca is not null)
        {
            if (!File.Exists(ca))
            {
                throw new ArgumentException($"--cluster: the CA certificate file '{ca}' (?ca=) does not exist.");
            }

            try
            {
                options.TrustIssuer(ca);
            }
            catch (System.Security.Cryptography.CryptographicException exception)
            {
                throw new ArgumentException($"--cluster: the CA certificate file '{ca}' (?ca=) is not a certificate ({exception.Message}); give a PEM file.");
            }
        }

        return ca;
    }

    // For messages about an address that could not be read: its user is hidden with its password (redis-cli reads a lone
    // NAME@ as a password), and a password= setting as in every address.
    private static string Hidden(string address) => Redacted.Address(address, userToo: true);
}
