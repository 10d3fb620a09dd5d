using System.Globalization;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>Turns the command line into <see cref="StreamServerOptions"/>.</summary>
public static class CommandLine
{
    private static readonly HashSet<string> s_names = ["--urls", "--https-port", "--data", "--store", "--user", "--stale-seconds", "--throttle-ms", "--max-line-bytes",
        "--viewer-queue-bytes", "--replay-bytes", "--max-viewers-per-plot", "--user-replay-bytes", "--max-plots-per-user", "--user-plot-bytes", "--guess-limit", "--public-url", "--users-file"];

    /// <summary>Users from the environment: "NAME:KEY" entries separated by spaces or new lines.</summary>
    public const string UsersVariable = "STREAM_SERVER_USERS";

    public const string Usage = """
        Usage: dotnet run --project tools/stream-server -- [options]
          --urls URL[;URL]     plain-HTTP endpoints (default http://127.0.0.1:8080; port 0 = any free port)
          --https-port PORT    HTTPS port on the first URL's address (default 8443; 0 = any free; none = off)
          --data DIR           data folder: SQLite file and certificate (default ./.stream-server-data)
          --store URL          keep users and plots in PostgreSQL instead of the SQLite file:
                               postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (password also from PGPASSWORD)
          --users-file PATH    users and API keys, one NAME:KEY per line (# comments); keep it private (chmod 600)
          --user NAME:KEY      a user and API key (repeatable); visible to every local user in the process
                               list, so prefer --users-file or the STREAM_SERVER_USERS environment variable
                               (NAME:KEY entries separated by spaces). Default: a persisted 'demo' user with a random key
          --stale-seconds N    close a stream silent for N seconds with 408 (default 60)
          --throttle-ms N      keep at most one object per stream per N ms (default 50; 0 = off)
          --max-line-bytes N   longest streamed line (default 1048576)
          --viewer-queue-bytes N  bytes of events a viewer may fall behind before it is cut off (default 4194304)
          --replay-bytes N     bytes of events each plot keeps for Last-Event-ID resume (default 16777216)
          --user-replay-bytes N  bytes of replay buffers all plots of one user keep together (default 67108864)
          --max-viewers-per-plot N  event streams on one plot at once, more get 503 (default 1000)
          --max-plots-per-user N  plots one user may own; /clientresp refuses a new one past it (default 1000)
          --user-plot-bytes N  bytes of points, layout and style all plots of one user hold together (default 268435456)
          --guess-limit N/S    per client address: N wrong keys (and, apart, N unknown stream tokens) at once,
                               then one per S seconds; more are answered 429 (default 10/2)
          --public-url URL     base URL for plot links and stream-host in /clientresp answers, e.g. https://plots.example.org
                               (default: the host name the client used, if it is a plain name or IPv4 address)
          --help               this text
        """;

    /// <summary>The options, or null when --help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
    /// <param name="environment">Reads an environment variable (default: the process's); for tests.</param>
    public static StreamServerOptions? Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var options = new StreamServerOptions();
        if ((environment ?? Environment.GetEnvironmentVariable)(UsersVariable) is string fromEnvironment)
        {
            AddUsers(options, fromEnvironment.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries), UsersVariable);
        }

        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            if (!s_names.Contains(name))
            {
                throw new ArgumentException($"Unknown option '{name}'.");
            }

            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--urls":
                    options.Urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    break;
                case "--https-port":
                    options.HttpsPort = value == "none" ? null : Integer(name, value);
                    break;
                case "--data":
                    options.DataDirectory = value;
                    break;
                case "--store":
                    options.Store = value;
                    break;
                case "--user":
                    AddUsers(options, [value], "--user");
                    break;
                case "--users-file":
                    AddUsers(options, ReadUsersFile(value), "--users-file " + value);
                    break;
                case "--stale-seconds":
                    options.StaleSeconds = Integer(name, value);
                    break;
                case "--throttle-ms":
                    options.ThrottleMilliseconds = Integer(name, value);
                    break;
                case "--max-line-bytes":
                    options.MaxLineBytes = Integer(name, value);
                    break;
                case "--viewer-queue-bytes":
                    options.ViewerQueueBytes = Integer(name, value);
                    break;
                case "--replay-bytes":
                    options.ReplayBytes = Integer(name, value);
                    break;
                case "--user-replay-bytes":
                    options.UserReplayBytes = Integer(name, value);
                    break;
                case "--max-plots-per-user":
                    options.MaxPlotsPerUser = Integer(name, value);
                    break;
                case "--user-plot-bytes":
                    options.UserPlotBytes = Integer(name, value);
                    break;
                case "--max-viewers-per-plot":
                    options.MaxViewersPerPlot = Integer(name, value);
                    break;
                case "--guess-limit":
                    string[] parts = value.Split('/');
                    if (parts.Length != 2)
                    {
                        throw new ArgumentException($"--guess-limit '{value}' must be BURST/SECONDS, such as 10/2.");
                    }

                    options.GuessBurst = Integer(name, parts[0]);
                    options.GuessRefillSeconds = Integer(name, parts[1]);
                    break;
                case "--public-url":
                    options.PublicUrl = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        options.Validate();
        return options;
    }

    private static void AddUsers(StreamServerOptions options, IEnumerable<string> entries, string source)
    {
        foreach (string entry in entries)
        {
            int colon = entry.IndexOf(':');
            if (colon <= 0)
            {
                // The entry may hold a key: say where it is, not what it is.
                throw new ArgumentException($"A user entry in {source} is not NAME:KEY.");
            }

            options.Users[entry[..colon]] = entry[(colon + 1)..];
        }
    }

    private static IEnumerable<string> ReadUsersFile(string path)
    {
        try
        {
            return File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--users-file {path} cannot be read: {exception.Message}");
        }
    }

    private static int Integer(string name, string value)
    {
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new ArgumentException($"{name} '{value}' is not a whole number.");
    }
}
