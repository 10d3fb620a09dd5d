extern alias FirmwareCore;

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using FirmwareCore::HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Hosting;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>
/// The server's settings, as ASP.NET Core reads configuration, lowest first: appsettings.json and
/// appsettings.{environment}.json beside the program, environment variables (<c>StreamServer__StaleSeconds=30</c>;
/// ASP.NET Core's own <c>ASPNETCORE_URLS</c> and <c>ASPNETCORE_HTTPS_PORT</c>; <c>STREAM_SERVER_USERS</c>), then the
/// command line (System.CommandLine). One table, <see cref="s_settings"/>, names each setting's option, key and help.
/// </summary>
public static class StreamServerCommand
{
    /// <summary>The configuration section of the server's settings: <c>{"StreamServer": {"StaleSeconds": 30}}</c>.</summary>
    public const string Section = "StreamServer";

    /// <summary>Users from the environment: "NAME:KEY" entries separated by spaces or new lines.</summary>
    public const string UsersVariable = "STREAM_SERVER_USERS";

    // Each setting: its option, its key in the section, ASP.NET Core's own key for it (if any), help, and how its text
    // value (from the option or the configuration; the source names it in messages) goes into the options.
    private static readonly Setting[] s_settings =
    [
        new("--urls", UrlsKey, "urls", "URL[;URL]", "endpoints, http://HOST:PORT (https:// also, with the data folder's certificate; default http://127.0.0.1:8080; port 0 = any free port)",
            (options, value, _) => options.Urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()),
        new("--https-port", "HttpsPort", "https_port", "PORT|none", "HTTPS port on the first URL's address (default 8443; 0 = any free; none = off)",
            (options, value, source) => options.HttpsPort = value == "none" ? null : Integer(source, value, StreamServerOptions.HttpsPortRule)),
        new("--proxy-protocol-port", "ProxyProtocolPort", null, "PORT", "plain-HTTP port on the first URL's address for HAProxy with send-proxy-v2: "
            + "connections there start with a PROXY protocol header whose client address the guess, connection, event-stream and form limits use (default none)",
            (options, value, source) => options.ProxyProtocolPort = Integer(source, value, StreamServerOptions.ProxyProtocolPortRule)),
        new("--data", "DataDirectory", null, "DIR", "data folder: SQLite file and certificate (default ./.stream-server-data)",
            (options, value, _) => options.DataDirectory = value),
        new("--store", "Store", null, "URL", "keep users and plots in PostgreSQL instead of the SQLite file: "
            + "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (password also from PGPASSWORD)",
            (options, value, _) => options.Store = value),
        new("--cluster", "Cluster", null, "URL", "run as one node of a cluster that shares this Redis: "
            + "redis://[[USER]:PASSWORD@]HOST[:PORT], or rediss://...[?ca=CA.pem] for TLS (password also from " + Cluster.ClusterAddress.PasswordVariable + "; "
            + "needs --store postgres://..., the plots every node serves)",
            (options, value, _) => options.Cluster = value),
        new("--users-file", "UsersFile", null, "PATH", "users and API keys, one NAME:KEY per line (# comments); keep it private (chmod 600)",
            (options, value, source) => AddUsers(options, ReadUsersFile(source, value), source + " " + value, "one NAME:KEY per line ('#' starts a comment)")),
        new("--stale-seconds", "StaleSeconds", null, "N", "close a stream silent for N seconds with 408 (default 60)",
            (options, value, source) => options.StaleSeconds = Integer(source, value)),
        new("--throttle-ms", "ThrottleMilliseconds", null, "N", "keep at most one object per stream per N ms (default 50; 0 = off)",
            (options, value, source) => options.ThrottleMilliseconds = Integer(source, value)),
        new("--max-line-bytes", "MaxLineBytes", null, "N", "longest streamed line (default 1048576)",
            (options, value, source) => options.MaxLineBytes = Integer(source, value)),
        new("--viewer-queue-bytes", "ViewerQueueBytes", null, "N", "bytes of events a viewer may fall behind before it is cut off (default 4194304)",
            (options, value, source) => options.ViewerQueueBytes = Integer(source, value)),
        new("--replay-bytes", "ReplayBytes", null, "N", "bytes of events each plot keeps for Last-Event-ID resume; in a cluster also of its history in Redis and of lines a node queues for a plot's builder (default 16777216)",
            (options, value, source) => options.ReplayBytes = Integer(source, value)),
        new("--user-replay-bytes", "UserReplayBytes", null, "N", "bytes of replay buffers all plots of one user keep together (default 67108864)",
            (options, value, source) => options.UserReplayBytes = Integer(source, value)),
        new("--max-viewers-per-plot", "MaxViewersPerPlot", null, "N", "event streams on one plot at once, more get 503 (default 1000)",
            (options, value, source) => options.MaxViewersPerPlot = Integer(source, value)),
        new("--max-connections", "MaxConnections", null, "N", "connections open at once, more are refused (503 on plain HTTP, closed on HTTPS; "
            + "default: the process's file limit less a tenth, at least 64 kept for the database and runtime)",
            (options, value, source) => options.MaxConnections = Integer(source, value)),
        new("--max-connections-per-address", "MaxConnectionsPerAddress", null, "N", "connections one client address (IPv6: one /64) may hold open at once, and as many event streams "
            + "(/events; HTTP/2 carries many on one connection): one more connection is refused (503 on plain HTTP, closed on HTTPS), "
            + $"one more event stream answered 503; all /64s of one IPv6 /48 together hold {ClientAddress.SiteShares} times as many "
            + $"(default {ConnectionLimits.DefaultPerAddress})",
            (options, value, source) => options.MaxConnectionsPerAddress = Integer(source, value)),
        new("--form-deadline-seconds", "FormDeadlineSeconds", null, "N", "seconds a /clientresp form may take to arrive whole; a slower one is answered 408 "
            + $"and its bytes of the forms' budget are released (default {(int)Protocol.FormBytesInFlight.DefaultReadTime.TotalSeconds}, at most {StreamServerOptions.MaxFormDeadlineSeconds})",
            (options, value, source) => options.FormDeadlineSeconds = Integer(source, value)),
        new("--max-plots-per-user", "MaxPlotsPerUser", null, "N", "plots one user may own; /clientresp refuses a new one past it (default 1000)",
            (options, value, source) => options.MaxPlotsPerUser = Integer(source, value)),
        new("--user-plot-bytes", "UserPlotBytes", null, "N", "bytes of points, layout and style all plots of one user hold together (default 268435456)",
            (options, value, source) => options.UserPlotBytes = Integer(source, value)),
        new("--user-line-bytes", "UserLineBytes", null, "N", "bytes of unfinished streamed lines the streams to one user's plots hold together, "
            + "past it a stream is answered 413 (default 67108864 or 4 times --max-line-bytes if more; at least that 4 times)",
            (options, value, source) => options.UserLineBytes = Integer(source, value)),
        new("--guess-limit", "GuessLimit", null, "N/S", "per client address: N wrong keys (and, apart, N unknown stream tokens) at once, "
            + "then one per S seconds; more are answered 429; all /64s of one IPv6 /48 together "
            + $"{ClientAddress.SiteShares} times as many, refilling as many times as fast (default 10/2)", ApplyGuessLimit),
        new("--public-url", "PublicUrl", null, "URL", "base URL for plot links and stream-host in /clientresp answers, e.g. https://plots.example.org "
            + "(default: the host name the client used, if it is a plain name or IPv4 address)",
            (options, value, _) => options.PublicUrl = value),
    ];

    // Repeatable, and a section of names in the configuration: StreamServer:Users:alice = KEY.
    private static readonly Option<string[]> s_user = new("--user")
    {
        Description = "a user and API key (repeatable; StreamServer:Users:NAME); visible to every local user in the process list, so prefer "
            + "--users-file or the " + UsersVariable + " environment variable (NAME:KEY entries separated by spaces). "
            + "Default: a persisted 'demo' user with a random key",
        HelpName = "NAME:KEY",
    };

    private const string UsersKey = "Users";

    private const string UrlsKey = "Urls";

    /// <summary>The command line: every setting's option, and the help text.</summary>
    public static Command Definition { get; } = Define();

    /// <summary>What the server accepts, printed for --help and after a mistake.</summary>
    public static string Usage
    {
        get
        {
            var text = new StringWriter();
            Definition.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = text });
            return text.ToString().TrimEnd();
        }
    }

    /// <summary>
    /// ASP.NET Core's configuration of a program in <paramref name="folder"/> (default: this program's): appsettings.json,
    /// appsettings.{environment}.json (DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT; Production when neither is set),
    /// then the environment variables.
    /// </summary>
    public static IConfiguration Configuration(string? folder = null)
    {
        string environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        return new ConfigurationBuilder()
            .SetBasePath(folder ?? AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>The options from <paramref name="configuration"/> (default: <see cref="Configuration"/>) and the command line, or null when --help was asked for.</summary>
    /// <exception cref="ArgumentException">An option or setting is unknown, lacks its value or has a bad value.</exception>
    /// <exception cref="StartupException">The users file (--users-file) cannot be read or holds a bad entry, or a setting or user
    /// from appsettings.json or the environment is unknown or bad: not the command line, so its usage would not help (exit code 2).</exception>
    public static StreamServerOptions? Parse(IReadOnlyList<string> args, IConfiguration? configuration = null)
    {
        ParseResult parsed = Definition.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            throw new ArgumentException(CommandLineMistakes.Said(parsed, Definition, "a password or an API key"));
        }

        if (parsed.Action is HelpAction)
        {
            return null;
        }

        configuration ??= Configuration();
        IConfigurationSection section = configuration.GetSection(Section);
        string[] known = [.. s_settings.Select(setting => setting.Key), UsersKey];
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                string? meant = NearestKey.To(child.Key, known);
                throw new StartupException(ExitCodes.Usage, $"{child.Path} is not a setting of the stream server.{(meant == null ? "" : $" Did you mean {meant}?")} "
                    + $"The settings are {string.Join(", ", known)} (see --help).");
            }
        }

        var options = new StreamServerOptions();
        foreach (IConfigurationSection user in section.GetSection(UsersKey).GetChildren())
        {
            AddUsers(options, [user.Key + ":" + user.Value], user.Path, $"{Section}:{UsersKey}:NAME = KEY");
        }

        if (configuration[UsersVariable] is string fromEnvironment)
        {
            AddUsers(options, fromEnvironment.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries), UsersVariable, "NAME:KEY entries separated by spaces");
        }

        bool urlsGiven = false;
        var configured = new List<Configured>();
        foreach (Setting setting in s_settings)
        {
            (string Value, string Source)? given = parsed.GetValue(setting.Option) is string value ? (value, setting.Option.Name)
                : section[setting.Key] is string fromSection ? (fromSection, section.GetSection(setting.Key).Path)
                : setting.AspNetCoreKey != null && configuration[setting.AspNetCoreKey] is string aspNetCore ? (aspNetCore, setting.AspNetCoreKey)
                : null;
            if (given is (string text, string source))
            {
                if (source != setting.Option.Name)
                {
                    configured.Add(new(setting.Option.Name, source, Where(configuration, source)));
                }

                try
                {
                    setting.Apply(options, text, source);
                }
                catch (ArgumentException exception) when (source != setting.Option.Name)
                {
                    throw new StartupException(ExitCodes.Usage, Said(exception.Message, [configured[^1]])!);
                }

                urlsGiven |= setting.Key == UrlsKey;
            }
        }

        if (!urlsGiven)
        {
            // ASP.NET Core listens on these ports when no URLs are given (Microsoft's container images set ASPNETCORE_HTTP_PORTS);
            // this server keeps its own default addresses, and says so once it listens (StreamServerHost). Given URLs win over
            // them in ASP.NET Core too, so then nothing is said.
            options.UnreadHttpPorts = NonEmpty(configuration[WebHostDefaults.HttpPortsKey]);
            options.UnreadHttpsPorts = NonEmpty(configuration[WebHostDefaults.HttpsPortsKey]);
        }

        AddUsers(options, parsed.GetValue(s_user) ?? [], "--user");
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception) when (Said(exception.Message, configured) is string said)
        {
            throw new StartupException(ExitCodes.Usage, said);
        }

        return options;
    }

    // The one place a problem of a setting from appsettings.json or the environment is worded: each option the message names
    // (Validate and the address parsers name options) becomes the key that set it, and where that key is set comes first:
    // "In appsettings.json: StreamServer:StaleSeconds 0 must be at least 1." Said alone, as the command line's usage would
    // name options never typed. Null when the message is about none of them: then it is the command line's, with the usage.
    private static string? Said(string message, IReadOnlyList<Configured> configured)
    {
        var wheres = new List<string>();
        foreach (Configured setting in configured)
        {
            string renamed = Regex.Replace(message, $@"(?<![\w-]){Regex.Escape(setting.Option)}(?![\w-])", setting.Key.Replace("$", "$$", StringComparison.Ordinal));
            if (renamed != message || message.Contains(setting.Key, StringComparison.Ordinal))
            {
                message = renamed;
                wheres.Add(setting.Where);
            }
        }

        return wheres.Count == 0 ? null : $"In {string.Join(" and ", wheres.Distinct())}: {message}";
    }

    // Where the configuration's value of key comes from: the last source that has it (the one that wins).
    private static string Where(IConfiguration configuration, string key)
    {
        foreach (IConfigurationProvider provider in (configuration as IConfigurationRoot)?.Providers.Reverse() ?? [])
        {
            if (provider.TryGet(key, out _))
            {
                return provider switch
                {
                    FileConfigurationProvider file => file.Source.Path ?? "a settings file",
                    ChainedConfigurationProvider chained => Where(chained.Configuration, key),
                    // Its prefix is not public: ASPNETCORE_ is the only one given (Configuration), for ASP.NET Core's own keys.
                    EnvironmentVariablesConfigurationProvider when provider.ToString()?.Contains("ASPNETCORE_", StringComparison.Ordinal) == true
                        => $"the environment variable ASPNETCORE_{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}",
                    EnvironmentVariablesConfigurationProvider => $"the environment variable {key.Replace(":", "__", StringComparison.Ordinal)}",
                    _ => "the configuration",
                };
            }
        }

        return "the configuration";
    }

    private static Command Define()
    {
        var command = new Command("stream-server", $$$"""
            The Plotly-compatible stream server: plot creation (/clientresp), streams (POST /), live viewers (/p/ID).
            Every option can also be set as ASP.NET Core configuration: in appsettings.json beside the program
            ({"{{{Section}}}": {"StaleSeconds": 30}}) or as an environment variable ({{{Section}}}__StaleSeconds=30);
            the key of each is in brackets. The command line wins over the environment, which wins over the file.
            """);
        foreach (Setting setting in s_settings)
        {
            command.Options.Add(setting.Option);
        }

        command.Options.Add(s_user);
        command.Options.Add(new HelpOption());
        return command;
    }

    private static void ApplyGuessLimit(StreamServerOptions options, string value, string source)
    {
        string[] parts = value.Split('/');
        if (parts.Length != 2)
        {
            throw new ArgumentException($"{source} '{value}' must be BURST/SECONDS, such as 10/2.");
        }

        options.GuessBurst = Integer(source, parts[0]);
        options.GuessRefillSeconds = Integer(source, parts[1]);
    }

    // form: how entries are written where they come from when that is not the command line (a users file, the environment,
    // appsettings.json); their mistakes are said alone (StartupException) with that form, as the usage would bury them.
    private static void AddUsers(StreamServerOptions options, IEnumerable<string> entries, string source, string? form = null)
    {
        foreach (string entry in entries)
        {
            int colon = entry.IndexOf(':');
            if (colon <= 0)
            {
                // The entry may hold a key: say where it is, not what it is.
                throw form is null
                    ? new ArgumentException($"A user entry in {source} is not NAME:KEY.")
                    : new StartupException(ExitCodes.Usage, $"A user entry in {source} is not NAME:KEY: write {form}.");
            }

            if (form is not null)
            {
                try
                {
                    UserName.Validate(entry[..colon]);
                    ApiKey.Validate(entry[..colon], entry[(colon + 1)..]);
                }
                catch (ArgumentException exception)
                {
                    throw new StartupException(ExitCodes.Usage, $"{source}: {exception.Message}");
                }
            }

            options.Users[entry[..colon]] = entry[(colon + 1)..];
        }
    }

    private static IEnumerable<string> ReadUsersFile(string source, string path)
    {
        if (Directory.Exists(path))
        {
            // Reading a folder fails as "access denied", which would send the user to its permissions.
            throw new StartupException(ExitCodes.Usage, $"{source} {path} is a folder, not a file: give the path of the users file itself (one NAME:KEY per line).");
        }

        try
        {
            return File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ExitCodes.Usage, $"{source} {path} cannot be read ({exception.Message.TrimEnd('.')}): check the path; the users file has one NAME:KEY per line, readable by the server's user.");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // notNumber: what to say when the value is no number, for a setting that takes less than any whole number (a port).
    // A sign is read, so a value below a setting's least ("-1") gets that setting's own bound from Validate at the first try.
    private static int Integer(string source, string value, string? notNumber = null)
    {
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new ArgumentException($"{source} '{value}' {notNumber ?? $"is not a whole number up to {int.MaxValue}"}.");
    }

    // A setting taken from the configuration: its command-line option, its key there, and where that key is set.
    private sealed record Configured(string Option, string Key, string Where);

    private sealed class Setting(string option, string key, string? aspNetCoreKey, string helpName, string description, Action<StreamServerOptions, string, string> apply)
    {
        public Option<string?> Option { get; } = new(option) { Description = $"{description} [{Section}:{key}]", HelpName = helpName };

        public string Key { get; } = key;

        public string? AspNetCoreKey { get; } = aspNetCoreKey;

        public Action<StreamServerOptions, string, string> Apply { get; } = apply;
    }
}
