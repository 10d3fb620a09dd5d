using HeartRateStreamer.StreamServer.Hosting;
using Npgsql;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The <c>--store</c> address of a PostgreSQL database, <c>postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE</c>
/// (the form libpq and most hosting services print), turned into Npgsql's connection string. A password left out of the
/// URL is taken from PGPASSWORD or ~/.pgpass, as psql does, so it need not appear in the process list.</summary>
public sealed class PostgresAddress
{
    /// <summary>Seconds to open a connection, its TLS and login included (Npgsql's default is 15). A database on the
    /// network answers in milliseconds; one that does not within this is treated as down.</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>Seconds a statement or batch may wait for the server (Npgsql's default is 30; it applies to each read, so
    /// a long result that keeps coming is not cut). The saver's second of rows and a whole plot (at most 17 MiB) take well
    /// under a second; past this Npgsql asks the server to cancel.</summary>
    public const int CommandTimeoutSeconds = 10;

    private PostgresAddress(string connectionString, string shown)
    {
        ConnectionString = connectionString;
        Shown = shown;
    }

    public string ConnectionString { get; }

    /// <summary>The address without its password, for messages and logs.</summary>
    public string Shown { get; }

    public static bool IsPostgres(string address) =>
        address.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">The address is not a usable postgres:// URL; the message says what is wrong.</exception>
    public static PostgresAddress Parse(string address)
    {
        const string Form = "give postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, such as postgres://streams@127.0.0.1:5432/streams";
        if (!IsPostgres(address) || !Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException($"--store '{Redacted.Address(address)}' is not a PostgreSQL address: {Form}.");
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string[] credentials = uri.UserInfo.Split(':', 2);
        string user = Uri.UnescapeDataString(credentials[0]);
        if (database.Length == 0 || database.Contains('/') || user.Length == 0)
        {
            throw new ArgumentException($"--store '{Redacted.Address(address)}' needs a user and a database name: {Form}.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Username = user,
            ApplicationName = "heart-rate-stream-server",
            // Short: a database that hangs must cost the saver and /clientresp seconds, not Npgsql's 15 s per connection
            // and 30 s per command (tools/stream-server/README.md, "When the database does not answer").
            Timeout = ConnectTimeoutSeconds,
            CommandTimeout = CommandTimeoutSeconds,
        };
        if (credentials.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(credentials[1]);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            if (parts.Length != 2 || !parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase)
                || !Enum.TryParse(Uri.UnescapeDataString(parts[1]), ignoreCase: true, out SslMode mode))
            {
                throw new ArgumentException($"--store: '{Redacted.Address(pair)}' is not understood; the one setting taken after '?' is sslmode (disable, prefer, require, verify-ca, verify-full).");
            }

            builder.SslMode = mode;
        }

        return new PostgresAddress(builder.ConnectionString, $"postgres://{user}@{uri.Authority[(uri.Authority.IndexOf('@') + 1)..]}/{database}");
    }
}
