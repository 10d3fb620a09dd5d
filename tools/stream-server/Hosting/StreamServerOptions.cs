using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>Everything that can be set from the command line, ASP.NET Core configuration (StreamServerCommand) or by an in-process host.</summary>
public sealed class StreamServerOptions
{
    /// <summary>Plain-HTTP endpoints (viewer, REST, ingest). Port 0 binds a free port.</summary>
    public IList<string> Urls { get; set; } = new List<string> { "http://127.0.0.1:8080" };

    /// <summary>HTTPS port on the first URL's address (the npm plotly client speaks only HTTPS to
    /// /clientresp); 0 binds a free port, null serves no HTTPS.</summary>
    public int? HttpsPort { get; set; } = 8443;

    /// <summary>ASP.NET Core's ASPNETCORE_HTTP_PORTS and ASPNETCORE_HTTPS_PORTS (";"-separated ports), as found where no
    /// --urls was given (StreamServerCommand): the server does not listen on them (they would put it on every address),
    /// and logs a warning once it listens that says where it does and what to give. Null: not set, or --urls given.</summary>
    public string? UnreadHttpPorts { get; set; }

    /// <inheritdoc cref="UnreadHttpPorts"/>
    public string? UnreadHttpsPorts { get; set; }

    /// <summary>A plain-HTTP port on the first URL's address for HAProxy with send-proxy-v2: every connection there starts with
    /// a PROXY protocol header, whose client address counts for the guess, connection, event-stream and form limits
    /// (Hosting/ProxyProtocolMiddleware.cs); null:
    /// none. A fixed port, as HAProxy's configuration names it.</summary>
    public int? ProxyProtocolPort { get; set; }

    /// <summary>Folder of the SQLite file and the self-signed certificate; created when missing.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.CurrentDirectory, ".stream-server-data");

    /// <summary>Where users and plots are kept: null for the SQLite file in <see cref="DataDirectory"/>, or a
    /// postgres:// address (<see cref="Storage.PostgresAddress"/>). The data folder still holds the certificate.</summary>
    public string? Store { get; set; }

    /// <summary>Null for a single server, or a redis:// or rediss:// address (<see cref="StreamServer.Cluster.ClusterAddress"/>): this
    /// server is one node of a cluster sharing that Redis (Cluster/ClusterNode.cs); needs <see cref="Store"/>, since every node
    /// must serve the same users and plots.</summary>
    public string? Cluster { get; set; }

    /// <summary>Users and their API keys (name to key). When empty, a persisted "demo" user is used.</summary>
    public IDictionary<string, string> Users { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A stream that sends nothing, not even a heartbeat, for this long is closed with 408
    /// (Plotly closed streams after a minute of silence).</summary>
    public int StaleSeconds { get; set; } = 60;

    /// <summary>At most one JSON object per stream per this interval; the rest are dropped and
    /// counted (Plotly throttled at 50 ms). 0 disables the throttle.</summary>
    public int ThrottleMilliseconds { get; set; } = 50;

    /// <summary>Longest streamed line; a longer one ends the stream with 413. 1 MiB holds a full
    /// 10,000-point window with timestamps.</summary>
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>Bytes of events one viewer may fall behind before it is cut off (it reconnects and resumes).</summary>
    public long ViewerQueueBytes { get; set; } = ViewerLimits.Default.ViewerQueueBytes;

    /// <summary>Bytes of events each plot keeps for Last-Event-ID resume (at most 1200 events); in a cluster also the bound on
    /// one plot's streamed lines that wait on a node for Redis on their way to the plot's builder.</summary>
    public long ReplayBytes { get; set; } = ViewerLimits.Default.ReplayBytes;

    /// <summary>Bytes of replay buffers all plots of one user hold together.</summary>
    public long UserReplayBytes { get; set; } = ViewerLimits.Default.UserReplayBytes;

    /// <summary>Event streams open on one plot at once; more are answered 503.</summary>
    public int MaxViewersPerPlot { get; set; } = ViewerLimits.Default.MaxViewersPerPlot;

    /// <summary>Connections open at once, in all; one more is refused (503 on plain HTTP). Null: the process's file limit
    /// less a tenth (<see cref="Hosting.ConnectionLimits.DefaultTotal"/>).</summary>
    public int? MaxConnections { get; set; }

    /// <summary>Connections one client address (IPv6: one /64) may hold open at once; one more is refused (503 on plain HTTP).</summary>
    public int MaxConnectionsPerAddress { get; set; } = ConnectionLimits.DefaultPerAddress;

    /// <summary>Seconds a /clientresp form may take to arrive whole (<see cref="Protocol.FormBytesInFlight.ReadTime"/>); a slower
    /// one is answered 408 and its bytes are released.</summary>
    public int FormDeadlineSeconds { get; set; } = (int)Protocol.FormBytesInFlight.DefaultReadTime.TotalSeconds;

    /// <summary>The longest <see cref="FormDeadlineSeconds"/>: a form holds its bytes of the budget until it arrives.</summary>
    public const int MaxFormDeadlineSeconds = 3600;

    /// <summary>What --https-port and --proxy-protocol-port take, said when a value is not one (not a number, or out of range).</summary>
    internal const string HttpsPortRule = "is not a TCP port; use 0..65535 (0 picks a free port) or 'none'";

    internal const string ProxyProtocolPortRule = "is not a TCP port; use 1..65535 (the port HAProxy's server lines name) or leave it out";

    /// <summary>Plots one user may own (/clientresp refuses a new one past it).</summary>
    public int MaxPlotsPerUser { get; set; } = UserLimits.Default.Plots;

    /// <summary>Bytes of points, layout and style all plots of one user hold together.</summary>
    public long UserPlotBytes { get; set; } = UserLimits.Default.PlotBytes;

    /// <summary>Bytes of unfinished streamed lines the stream connections to one user's plots hold together. Null: the
    /// default, or room for <see cref="UserLimits.MinLongLines"/> of the longest lines when --max-line-bytes asks for more.</summary>
    public long? UserLineBytes { get; set; }

    /// <summary>The per-user limits these options set.</summary>
    public UserLimits UserLimits => new()
    {
        Plots = MaxPlotsPerUser,
        PlotBytes = UserPlotBytes,
        LineBytes = UserLineBytes ?? Math.Max(UserLimits.Default.LineBytes, (long)UserLimits.MinLongLines * MaxLineBytes),
    };

    /// <summary>The viewer limits these options set.</summary>
    public ViewerLimits ViewerLimits => new() { ViewerQueueBytes = ViewerQueueBytes, ReplayBytes = ReplayBytes, UserReplayBytes = UserReplayBytes, MaxViewersPerPlot = MaxViewersPerPlot };

    /// <summary>The base URL clients are given for plot links and the stream host (/clientresp's url and
    /// stream-host), such as https://plots.example.org behind a reverse proxy. Null: the address the client
    /// used when it is a plain host name or IPv4 address, else the bound address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Failed guesses (wrong keys; unknown stream tokens: counted apart) one client address may make
    /// at once; then its attempts are answered 429 until the bucket refills.</summary>
    public int GuessBurst { get; set; } = 10;

    /// <summary>Seconds for one more failed guess to be allowed again (the long-run guessing rate per address).</summary>
    public int GuessRefillSeconds { get; set; } = 2;

    /// <summary>How often the write-behind persister saves changed stream windows.</summary>
    public int PersistIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How often every open event stream gets a ping (<see cref="EventStreamPings"/>); the page reopens a stream
    /// that sent nothing for two of these and 5 s more. Not a command-line option: tests shorten it.</summary>
    public int PingMilliseconds { get; set; } = (int)EventStreamPings.DefaultInterval.TotalMilliseconds;

    /// <summary>Minimum level written to the console log.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>How long a refused stream's client may go on sending its body (Ingest/RefusalDrain): no option, only tests
    /// set it, so that a check of what happens within the bound does not race it on a busy machine.</summary>
    internal TimeSpan RefusalDrainTime { get; set; } = RefusalDrain.Time;

    /// <summary>Throws <see cref="ArgumentException"/> with a message that says what to fix.</summary>
    public void Validate()
    {
        if (Urls.Count == 0)
        {
            throw new ArgumentException("At least one --urls entry is needed, for example http://127.0.0.1:8080.");
        }

        foreach (string url in Urls)
        {
            ListenAddress.Parse(url);
        }

        if (HttpsPort is < 0 or > 65535)
        {
            throw new ArgumentException($"--https-port {HttpsPort} {HttpsPortRule}.");
        }

        if (ProxyProtocolPort is not null and not (>= 1 and <= 65535))
        {
            throw new ArgumentException($"--proxy-protocol-port {ProxyProtocolPort} {ProxyProtocolPortRule}.");
        }

        if (ProxyProtocolPort is int proxyPort && (proxyPort == HttpsPort || Urls.Any(url => ListenAddress.Parse(url).EndPoint.Port == proxyPort)))
        {
            throw new ArgumentException($"--proxy-protocol-port {proxyPort} is also a port of --urls or --https-port; give it a port of its own.");
        }

        if (StaleSeconds < 1)
        {
            throw new ArgumentException($"--stale-seconds {StaleSeconds} must be at least 1.");
        }

        if (ThrottleMilliseconds < 0)
        {
            throw new ArgumentException($"--throttle-ms {ThrottleMilliseconds} must be 0 (off) or more.");
        }

        if (MaxLineBytes < 1024)
        {
            throw new ArgumentException($"--max-line-bytes {MaxLineBytes} must be at least 1024.");
        }

        if (ViewerQueueBytes < 64 * 1024 || ReplayBytes < ViewerQueueBytes)
        {
            throw new ArgumentException($"--viewer-queue-bytes {ViewerQueueBytes} must be at least 65536 and at most --replay-bytes ({ReplayBytes}): whatever waits for a viewer must still be in the replay buffer.");
        }

        if (PublicUrl is not null)
        {
            ServerAddresses.ParsePublicUrl(PublicUrl);
        }

        if (GuessBurst < 1 || GuessRefillSeconds < 1)
        {
            throw new ArgumentException($"--guess-limit {GuessBurst}/{GuessRefillSeconds}: both the burst and the refill seconds must be at least 1.");
        }

        if (UserReplayBytes < ReplayBytes)
        {
            throw new ArgumentException($"--user-replay-bytes {UserReplayBytes} must be at least --replay-bytes ({ReplayBytes}).");
        }

        if (Store is not null)
        {
            Storage.PostgresAddress.Parse(Store);
        }

        if (Cluster is not null)
        {
            if (Store is null)
            {
                throw new ArgumentException("--cluster needs --store postgres://...: every node of a cluster must serve the same users and plots, "
                    + "which the SQLite file in one node's data folder cannot give the others.");
            }

            StreamServer.Cluster.ClusterAddress.Parse(Cluster);
        }

        if (MaxPlotsPerUser < 1)
        {
            throw new ArgumentException($"--max-plots-per-user {MaxPlotsPerUser} must be at least 1.");
        }

        if (UserPlotBytes < UserLimits.MinPlotBytes)
        {
            throw new ArgumentException($"--user-plot-bytes {UserPlotBytes} must be at least {UserLimits.MinPlotBytes}: one plot at its own maximum of points, layout and style.");
        }

        if (UserLineBytes is long userLineBytes && userLineBytes < (long)UserLimits.MinLongLines * MaxLineBytes)
        {
            throw new ArgumentException($"--user-line-bytes {userLineBytes} must be at least {UserLimits.MinLongLines} times --max-line-bytes ({(long)UserLimits.MinLongLines * MaxLineBytes}): "
                + "a buffer holding one longest line may be twice its size, and a user's streams need room for two at once.");
        }

        if (MaxViewersPerPlot < 1)
        {
            throw new ArgumentException($"--max-viewers-per-plot {MaxViewersPerPlot} must be at least 1.");
        }

        if (MaxConnections is < 1)
        {
            throw new ArgumentException($"--max-connections {MaxConnections} must be at least 1.");
        }

        if (MaxConnectionsPerAddress < 1)
        {
            throw new ArgumentException($"--max-connections-per-address {MaxConnectionsPerAddress} must be at least 1.");
        }

        if (PingMilliseconds < 100)
        {
            throw new ArgumentException($"PingMilliseconds {PingMilliseconds} must be at least 100.");
        }

        if (FormDeadlineSeconds is < 1 or > MaxFormDeadlineSeconds)
        {
            throw new ArgumentException($"--form-deadline-seconds {FormDeadlineSeconds} must be from 1 to {MaxFormDeadlineSeconds}: a form holds its share of the "
                + "server's form budget until it has arrived, so a longer deadline lets slow senders keep other clients' forms out for as long.");
        }

        if (PersistIntervalMilliseconds < 10)
        {
            throw new ArgumentException($"PersistIntervalMilliseconds {PersistIntervalMilliseconds} must be at least 10.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("--data needs a folder path.");
        }

        foreach (KeyValuePair<string, string> user in Users)
        {
            UserName.Validate(user.Key);
            ApiKey.Validate(user.Key, user.Value);
        }
    }
}
