using System.Net;
using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The stream server, started in-process: by Program (the command line), by the virtual
/// device and by the tests. <c>await using var server = await StreamServerHost.StartAsync(options);</c></summary>
public sealed class StreamServerHost : IAsyncDisposable
{
    public const string DatabaseFileName = "stream-server.db";
    public const string DemoUser = "demo";

    // The generic host's log category: it logs a failed start, and a stop's failures.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly WebApplication _app;
    private readonly IPlotStore _store;
    private readonly WriteBehindPersister _persister;
    private readonly PlotRegistry _plots;
    private readonly X509Certificate2? _certificate;
    private ClusterNode? _cluster;
    private int _stopped;
    private FileStream? _folderLock;

    private StreamServerHost(WebApplication app, IPlotStore store, WriteBehindPersister persister, PlotRegistry plots, X509Certificate2? certificate,
        ServerAddresses addresses, IReadOnlyDictionary<string, string> users, string dataDirectory, string? certificatePath)
    {
        _app = app;
        _store = store;
        _persister = persister;
        _plots = plots;
        _certificate = certificate;
        HttpBaseUrl = addresses.Http ?? addresses.Https!;
        HttpsBaseUrl = addresses.Https;
        Users = users;
        DataDirectory = dataDirectory;
        CertificatePath = certificatePath;
    }

    /// <summary>The plain-HTTP base URL, such as http://127.0.0.1:41234/ (streams, viewers, REST).</summary>
    /// <summary>The plots this server holds (tests look at a plot itself: its counts, its cluster keys).</summary>
    internal PlotRegistry Plots => _plots;

    internal WriteBehindPersister Persister => _persister;

    /// <summary>The connections open, in all and per address (tests wait for theirs to be counted).</summary>
    internal ConnectionLimits Connections => _app.Services.GetRequiredService<ConnectionLimits>();

    /// <summary>The PBKDF2 derivations of keys running at once, server-wide (tests fill its slots).</summary>
    internal KeyDerivations KeyDerivations => _app.Services.GetRequiredService<KeyDerivations>();

    /// <summary>The /clientresp forms under way, in bytes (tests wait for theirs to be counted).</summary>
    internal FormBytesInFlight Forms => _app.Services.GetRequiredService<FormBytesInFlight>();

    public Uri HttpBaseUrl { get; }

    /// <summary>The HTTPS base URL (REST for the npm plotly client), or null when HTTPS is off.</summary>
    public Uri? HttpsBaseUrl { get; }

    public int HttpPort => HttpBaseUrl.Port;

    public int? HttpsPort => HttpsBaseUrl?.Port;

    /// <summary>--proxy-protocol-port: where HAProxy connects with the PROXY protocol header, or null.</summary>
    public int? ProxyProtocolPort { get; private init; }

    /// <summary>The PEM file of the self-signed certificate for clients to trust, or null without HTTPS.</summary>
    public string? CertificatePath { get; }

    /// <summary>The API keys this process knows, by user name: those given in the options, and the "demo" user's when
    /// this start created it. Keys are stored hashed, so a demo key made by an earlier start is not here.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>This start made a demo key but another node of the cluster stored the demo user first: that node's key is
    /// the one kept, which this node accepts too, so this one's is not shown.</summary>
    public bool DemoStoredElsewhere { get; private init; }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);

    /// <summary>Where users and plots are kept, for people: the SQLite file, or the PostgreSQL address without its password.</summary>
    public string StoreShown { get; private init; } = "";

    /// <summary>Every user who may log in (stored and given).</summary>
    public IReadOnlyList<string> UserNames { get; private init; } = [];

    /// <summary>Plots and streamed objects that could not be loaded at start-up (moved to the database's
    /// quarantine tables), one line each naming it and why; empty when everything loaded.</summary>
    public IReadOnlyList<string> Quarantined { get; private init; } = [];

    /// <summary>Starts the server on its data folder, or throws <see cref="StartupException"/> (one line, an exit code).</summary>
    public static async Task<StreamServerHost> StartAsync(StreamServerOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        string dataDirectory = Path.GetFullPath(options.DataDirectory);
        DataFolder.Prepare(dataDirectory);
        FileStream folderLock = DataFolder.Lock(dataDirectory);
        IPlotStore? store = null;
        try
        {
            store = options.Store is null ? DataFolder.OpenStore(Path.Combine(dataDirectory, DatabaseFileName)) : DataFolder.OpenPostgres(options.Store);
            StreamServerHost host = await StartAsync(options, dataDirectory, store, cancellationToken);
            host._folderLock = folderLock;
            return host;
        }
        catch (Exception exception)
        {
            store?.Dispose();
            folderLock.Dispose();
            throw exception is StartupException ? exception
                : new StartupException(ExitCodes.StartFailed, $"The stream server could not start: {exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    private static async Task<StreamServerHost> StartAsync(StreamServerOptions options, string dataDirectory, IPlotStore store, CancellationToken cancellationToken)
    {
        using ILoggerFactory startupLoggers = LoggerFactory.Create(logging => ConfigureLogging(logging, options.LogLevel));
        var derivations = new KeyDerivations(KeyDerivations.DefaultCapacity, KeyDerivations.DefaultWait);
        bool demoStoredElsewhere = false;
        (UserDirectory directory, IReadOnlyDictionary<string, string> users, string? newDemoHash) = LoadUsers(store, options.Users, derivations, startupLoggers.CreateLogger(typeof(StreamServerHost)));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StreamServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            // Kestrel binds what the options say (ConfigureKestrel below), ASPNETCORE_URLS among them (StreamServerCommand): left
            // to the host too, it made Kestrel warn that it was overriding them, the opposite of what happened. As arguments,
            // read at the host's start before its web host options are made, these empty settings come last and win.
            Args = [$"--{WebHostDefaults.ServerUrlsKey}=", $"--{WebHostDefaults.HttpPortsKey}=", $"--{WebHostDefaults.HttpsPortsKey}="],
        });
        ConfigureLogging(builder.Logging, options.LogLevel);
        // A start that fails is reported by the caller in one line (StartupException, below); the host's own log of it
        // ("Hosting failed to start" and the whole exception) would come first, so the host says nothing until it started.
        bool hostStarted = false;
        LogLevel hostLevel = options.LogLevel > LogLevel.Warning ? options.LogLevel : LogLevel.Warning;
        builder.Logging.AddFilter(HostCategory, level => Volatile.Read(ref hostStarted) && level >= hostLevel);
        var persister = new WriteBehindPersister(store); // started with the app's logger once it is built
        var plots = new PlotRegistry(options.ThrottleMilliseconds, persister, options.ViewerLimits, options.UserLimits);
        // Before the plots load, so each gets its relay. Validate() made sure a cluster has a PostgreSQL store.
        ClusterNode? cluster = options.Cluster is null ? null
            : new ClusterNode(options.Cluster, plots, (PostgresStore)store, startupLoggers.CreateLogger(typeof(ClusterNode)));
        plots.Cluster = cluster;
        List<string> quarantined = PlotLoader.Load(store, plots, persister, startupLoggers.CreateLogger(typeof(PlotLoader)));

        string? certificatePath = null;
        X509Certificate2? certificate = options.HttpsPort is null && !options.Urls.Any(url => ListenAddress.Parse(url).IsHttps)
            ? null
            : DataFolder.LoadCertificate(dataDirectory, out certificatePath);
        var addresses = new ServerAddresses { PublicUrl = options.PublicUrl is null ? null : ServerAddresses.ParsePublicUrl(options.PublicUrl) };
        var ingestSettings = new IngestSettings(TimeSpan.FromSeconds(options.StaleSeconds), options.MaxLineBytes) { RefusalDrainTime = options.RefusalDrainTime };

        // Stop quickly: event streams end on ApplicationStopping, ingest streams on Kestrel's close request.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(services => GuessLimits.Create(options.GuessBurst, TimeSpan.FromSeconds(options.GuessRefillSeconds), services.GetRequiredService<ILoggerFactory>()));
        // A cluster's nodes must make the same /p/ID links: their secret is the store's, not one node's data folder's.
        byte[] shareSecret = cluster is not null
            ? ((PostgresStore)store).SharedSecret(ShareLinks.SecretFileName, ShareLinks.NewSecret())
            : ShareLinks.LoadOrCreateSecret(dataDirectory);
        var shareLinks = new ShareLinks(shareSecret, plots);
        builder.Services.AddSingleton(shareLinks);
        builder.Services.AddSingleton(services => new ConnectionLimits(options.MaxConnections ?? ConnectionLimits.DefaultTotal(), options.MaxConnectionsPerAddress,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<ConnectionLimits>()));
        builder.Services.AddSingleton(services => new FormBytesInFlight(FormBytesInFlight.DefaultTotal, FormBytesInFlight.DefaultPerAddress, TimeSpan.FromSeconds(options.FormDeadlineSeconds),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<FormBytesInFlight>()));
        builder.Services.AddSingleton(_ => new EventStreamPings(TimeSpan.FromMilliseconds(options.PingMilliseconds)));
        builder.Services.AddSingleton(plots).AddSingleton(store).AddSingleton(persister).AddSingleton(addresses).AddSingleton(directory).AddSingleton(derivations);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            List<ListenAddress> listen = options.Urls.Select(ListenAddress.Parse).ToList();
            if (options.HttpsPort is int httpsPort)
            {
                listen.Add(new ListenAddress(new IPEndPoint(listen[0].EndPoint.Address, httpsPort), IsHttps: true));
            }

            if (options.ProxyProtocolPort is int proxyPort)
            {
                listen.Add(new ListenAddress(new IPEndPoint(listen[0].EndPoint.Address, proxyPort), IsHttps: false, IsProxied: true));
            }

            foreach (ListenAddress address in listen)
            {
                kestrel.Listen(address.EndPoint, endpoint =>
                {
                    ILoggerFactory loggers = endpoint.ApplicationServices.GetRequiredService<ILoggerFactory>();
                    if (address.IsProxied)
                    {
                        // First: HAProxy's header comes before anything else on the connection.
                        ILogger proxyLogger = loggers.CreateLogger(typeof(ProxyProtocolMiddleware));
                        endpoint.Use(next => new ProxyProtocolMiddleware(next, proxyLogger).OnConnectionAsync);
                    }

                    // After the PROXY protocol header, whose client address is the one counted; before TLS, whose handshake costs.
                    ConnectionLimits connectionLimits = endpoint.ApplicationServices.GetRequiredService<ConnectionLimits>();
                    endpoint.Use(next => new ConnectionLimitMiddleware(next, connectionLimits, plainHttp: !address.IsHttps).OnConnectionAsync);
                    if (address.IsHttps)
                    {
                        endpoint.UseHttps(certificate!);
                    }

                    // After TLS, so streams may come over HTTPS too.
                    ILogger ingestLogger = loggers.CreateLogger("HeartRateStreamer.StreamServer.Ingest");
                    FailureRateLimiter tokenGuesses = endpoint.ApplicationServices.GetRequiredService<GuessLimits>().Tokens;
                    endpoint.Use(next => new IngestConnectionMiddleware(next, plots, ingestSettings, ingestLogger, tokenGuesses).OnConnectionAsync);
                });
            }
        });

        WebApplication app = builder.Build();
        plots.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HeartRateStreamer.StreamServer.Plots");
        if (cluster is not null)
        {
            cluster.Logger = app.Services.GetRequiredService<ILogger<ClusterNode>>();
        }

        persister.Start(TimeSpan.FromMilliseconds(options.PersistIntervalMilliseconds), app.Services.GetRequiredService<ILogger<WriteBehindPersister>>());
        HealthEndpoint.Map(app, persister, cluster);
        FailureRateLimiter keyGuesses = app.Services.GetRequiredService<GuessLimits>().Keys;
        app.Use((context, next) => KeyGuessLimitMiddleware.InvokeAsync(context, () => next(context), keyGuesses));
        FailureRateLimiter tokenGuesses = app.Services.GetRequiredService<GuessLimits>().Tokens;
        app.Use((context, next) => ShareLinkMiddleware.InvokeAsync(context, () => next(context), shareLinks, tokenGuesses));
        app.UseRouting(); // after the share-link rewrite, so /p/ID routes as the plot's path
        app.MapPost("/clientresp", ClientRespEndpoint.HandleAsync);
        ViewerEndpoints.Map(app);
        OwnerEditEndpoints.Map(app);
        OwnerDeleteEndpoint.Map(app);
        OwnerPlotsEndpoint.Map(app);
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            foreach (Plot plot in plots.All)
            {
                plot.EndViewerStreams();
            }
        });

        try
        {
            await app.StartAsync(cancellationToken);
            Volatile.Write(ref hostStarted, true);
            // Stored only once the server listens, when Program shows its key: a start that failed (a port in use)
            // kept a key no one saw, and the next start said only that it was lost. Only if absent: another node of a
            // cluster starting on the same empty store may have stored its own first, and that key is the one kept: this
            // node reads it back and takes it at once (before, it refused that key until its next start).
            if (newDemoHash is not null && !store.AddUser(DemoUser, newDemoHash))
            {
                if (store.LoadUsers([]).Find(user => user.Name == DemoUser) is StoredUser stored)
                {
                    directory.TakeStored(DemoUser, stored.KeyHash);
                }

                users = users.Where(user => user.Key != DemoUser).ToDictionary(StringComparer.Ordinal);
                demoStoredElsewhere = true;
            }
        }
        catch (Exception exception)
        {
            // A port already in use, typically: release the database (the caller disposes the store) before the caller sees the error.
            await persister.DisposeAsync();
            cluster?.Dispose();
            plots.Dispose();
            await app.DisposeAsync();
            certificate?.Dispose();
            // Kestrel reports a port in use as an IOException naming the address, an address this machine does not have as
            // a bare SocketException ("Cannot assign requested address"), so the addresses asked for are named here.
            if (exception is IOException or System.Net.Sockets.SocketException)
            {
                throw new StartupException(ExitCodes.CannotListen, CannotListenMessage(options, exception), exception);
            }

            throw;
        }

        addresses.Set(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses, options.ProxyProtocolPort);
        if (options.UnreadHttpPorts is not null || options.UnreadHttpsPorts is not null)
        {
            app.Services.GetRequiredService<ILogger<StreamServerHost>>().LogWarning("{Warning}", UnreadPortsWarning(options.UnreadHttpPorts, options.UnreadHttpsPorts, addresses));
        }

        return new StreamServerHost(app, store, persister, plots, certificate, addresses, users, dataDirectory, certificatePath) { _cluster = cluster, ProxyProtocolPort = options.ProxyProtocolPort, DemoStoredElsewhere = demoStoredElsewhere,
            StoreShown = options.Store is null ? Path.Combine(dataDirectory, DatabaseFileName) : PostgresAddress.Parse(options.Store).Shown, Quarantined = quarantined, UserNames = directory.Names.Order(StringComparer.Ordinal).ToList() };
    }

    /// <summary>The one line for a bind that failed. Kestrel names the refused address in a port in use ("Failed to bind
    /// to address http://127.0.0.1:8081: address already in use"): then that address and the option that gave it are
    /// named (the operator saw --urls named for a busy --proxy-protocol-port). An address this machine does not have comes
    /// as a bare SocketException naming none, so then every address asked for is named.</summary>
    private static string CannotListenMessage(StreamServerOptions options, Exception exception)
    {
        IPAddress host = ListenAddress.Parse(options.Urls[0]).EndPoint.Address;
        var asked = new List<(string Shown, IPEndPoint EndPoint, string Option)>();
        asked.AddRange(options.Urls.Select(url => (url, ListenAddress.Parse(url).EndPoint, "--urls")));
        if (options.HttpsPort is int httpsPort)
        {
            asked.Add(($"HTTPS port {httpsPort}", new IPEndPoint(host, httpsPort), "--https-port"));
        }

        if (options.ProxyProtocolPort is int proxyPort)
        {
            asked.Add(($"PROXY protocol port {proxyPort}", new IPEndPoint(host, proxyPort), "--proxy-protocol-port"));
        }

        string reason = exception.Message.TrimEnd('.');
        var refused = asked.Where(entry => entry.EndPoint.Port != 0 && reason.Contains($"://{entry.EndPoint}", StringComparison.Ordinal)).ToList();
        if (refused.Count == 1)
        {
            (string shown, _, string option) = refused[0];
            return $"Could not listen on {shown}: {reason}. Give a free port and an address of this machine with {option}.";
        }

        string all = string.Join(", ", asked.Select(entry => entry.Shown));
        string givenWith = options.ProxyProtocolPort is null ? "--urls and --https-port" : "--urls, --https-port and --proxy-protocol-port";
        return $"Could not listen on {all}: {reason}. Give addresses of this machine and free ports with {givenWith}.";
    }

    /// <summary>ASPNETCORE_HTTP_PORTS or ASPNETCORE_HTTPS_PORTS set without --urls: in a container (Microsoft's images set the
    /// first) the operator expects the server on those ports of every address, and it is on its own default ones, loopback
    /// only. Says so, and the options that listen there.</summary>
    private static string UnreadPortsWarning(string? httpPorts, string? httpsPorts, ServerAddresses listening)
    {
        static string[] Ports(string? ports) => ports?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        string[] https = Ports(httpsPorts);
        List<string> urls = Ports(httpPorts).Select(port => $"http://*:{port}").ToList();
        if (urls.Count == 0)
        {
            urls.Add($"http://*:{(listening.Http ?? listening.Https)!.Port}");
        }

        urls.AddRange(https.Skip(1).Select(port => $"https://*:{port}")); // --https-port takes one
        string url = string.Join(';', urls);
        string quoted = urls.Count > 1 ? $"\"{url}\"" : url;
        string variables = string.Join(" and ", new[] { (Name: "ASPNETCORE_HTTP_PORTS", Value: httpPorts), (Name: "ASPNETCORE_HTTPS_PORTS", Value: httpsPorts) }
            .Where(variable => variable.Value is not null).Select(variable => $"{variable.Name}={variable.Value}"));
        string where = string.Join(" and ", new[] { listening.Http, listening.Https }.Where(uri => uri is not null));
        return $"{variables} {(httpPorts is not null && httpsPorts is not null ? "are" : "is")} not read by the stream server: it listens on {where} instead, "
            + "not on every address, so not from other machines or from outside a container. To listen on every address on those ports, "
            + $"give --urls {quoted}{(https.Length > 0 ? $" --https-port {https[0]}" : "")} "
            + $"(or ASPNETCORE_URLS={quoted}{(https.Length > 0 ? $" and ASPNETCORE_HTTPS_PORT={https[0]}" : "")}).";
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM), after a clean stop.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        using (cancellationToken.Register(() => stopping.TrySetCanceled(cancellationToken)))
        {
            await stopping.Task;
        }

        await StopAsync();
    }

    /// <summary>Stops Kestrel (viewers and streams are ended), then writes every unsaved point.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        _persister.BeginStop(); // one deadline for every save from here on, a cluster node's flush included
        if (_cluster is not null)
        {
            // The plots this node builds take nothing more from their queues, what was taken is saved, and only then do the
            // builder keys go: the next builder reads it all from the store. Applied after the last flush, or given up
            // before it, messages other nodes forwarded here were lost.
            await _cluster.StopTakingAsync(WriteBehindPersister.StopTimeout);
            await _persister.FlushAsync();
            await _cluster.LeaveAsync();
        }

        await _persister.DisposeAsync();
        _cluster?.Dispose();
        _plots.Dispose();
        await _app.DisposeAsync();
        _store.Dispose();
        _certificate?.Dispose();
        _folderLock?.Dispose(); // last: the folder is free only when the database is closed
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    // Keys are stored as hashes only (Accounts/ApiKeyHash.cs): this process knows the keys it was given and the demo
    // key it makes on a first start, nothing else. Returns the directory (hashes), those known keys and the hash of a
    // demo key made now, for the caller to store once the server listens.
    private static (UserDirectory Directory, IReadOnlyDictionary<string, string> KnownKeys, string? NewDemoHash) LoadUsers(IPlotStore store, IDictionary<string, string> given, KeyDerivations derivations,
        ILogger logger)
    {
        var known = new Dictionary<string, string>(given, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> user in given)
        {
            store.SaveUser(user.Key, ApiKeyHash.Create(user.Value));
            if (ApiKey.UnencodedFormProblem(user.Value) is string problem)
            {
                logger.LogWarning("The key of user '{User}' {Problem} when a client sends it unencoded, as Plotly's npm and Arduino clients do: "
                    + "a device using them cannot log in. Give that user a key from `openssl rand -hex 10`", user.Key, problem);
            }
        }

        var skipped = new List<string>();
        Dictionary<string, string> hashes = store.LoadUsers(skipped).ToDictionary(user => user.Name, user => user.KeyHash, StringComparer.Ordinal);
        foreach (string problem in skipped)
        {
            logger.LogError("Not loaded: {Problem}; that user cannot log in until given again with --user", problem);
        }

        if (hashes.Count == 0)
        {
            // First start without --user: a demo user, shown once (Program prints it), kept so a restart does not change it.
            known[DemoUser] = ApiKey.Generate();
            hashes[DemoUser] = ApiKeyHash.Create(known[DemoUser]);
            return (new UserDirectory(hashes, derivations), known, hashes[DemoUser]);
        }

        return (new UserDirectory(hashes, derivations), known, null);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        // Log values come from clients: the formatter escapes their control characters (ESC, CR, LF).
        logging.AddConsole(console => console.FormatterName = SanitizingConsoleFormatter.FormatterName)
            .AddConsoleFormatter<SanitizingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        logging.SetMinimumLevel(level);
        // Per-request logs would drown the stream events; warnings and errors still show.
        logging.AddFilter("Microsoft", level > LogLevel.Warning ? level : LogLevel.Warning);
    }
}
