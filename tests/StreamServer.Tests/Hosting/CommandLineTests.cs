using HeartRateStreamer.StreamServer.Hosting;
using Microsoft.Extensions.Configuration;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>The command line (System.CommandLine), read over an empty configuration so only the arguments count.</summary>
public sealed class CommandLineTests
{
    private static readonly IConfiguration s_noConfiguration = new ConfigurationBuilder().Build();

    [Fact]
    public void ParsesEveryOption()
    {
        StreamServerOptions options = StreamServerCommand.Parse(["--urls", "http://127.0.0.1:0;http://[::1]:0", "--https-port", "none", "--data", "d",
            "--user", "a:key-aaaa-aaaa-aaaa", "--user", "b:key:with:colons:16+", "--stale-seconds", "5", "--throttle-ms", "0", "--max-line-bytes", "4096",
            "--viewer-queue-bytes", "100000", "--replay-bytes", "200000", "--max-viewers-per-plot", "7", "--user-replay-bytes", "300000", "--guess-limit", "5/3", "--public-url", "https://plots.example.org",
            "--max-plots-per-user", "3", "--max-connections", "500", "--max-connections-per-address", "20",
            "--form-deadline-seconds", "45"],
            s_noConfiguration)!;

        Assert.Equal(["http://127.0.0.1:0", "http://[::1]:0"], options.Urls);
        Assert.Null(options.HttpsPort);
        Assert.Equal("d", options.DataDirectory);
        Assert.Equal("key:with:colons:16+", options.Users["b"]);
        Assert.Equal((5, 0, 4096), (options.StaleSeconds, options.ThrottleMilliseconds, options.MaxLineBytes));
        Assert.Equal((100000L, 200000L, 7), (options.ViewerQueueBytes, options.ReplayBytes, options.MaxViewersPerPlot));
        Assert.Equal(300000L, options.UserReplayBytes);
        Assert.Equal((5, 3, "https://plots.example.org"), (options.GuessBurst, options.GuessRefillSeconds, options.PublicUrl));
        Assert.Equal(3, options.MaxPlotsPerUser);
        Assert.Equal((500, 20), (options.MaxConnections, options.MaxConnectionsPerAddress));
        Assert.Equal(45, options.FormDeadlineSeconds);
    }

    [Theory]
    [InlineData("--stale-seconds", "0", "must be at least 1")]
    [InlineData("--urls", "ftp://x:1", "is not of the form http://HOST:PORT")]
    [InlineData("--urls", "http://example.com:80", "must be an IP address")]
    [InlineData("--user", "nokey", "is not NAME:KEY")]
    [InlineData("--user", "bad/name:key-aaaa-aaaa-aaaa", "letters, digits")]
    [InlineData("--user", "a:short-key", "has 9 characters; keys need at least 16")]
    [InlineData("--viewer-queue-bytes", "1000", "must be at least 65536")]
    [InlineData("--max-line-bytes", "1000", "--max-line-bytes 1000 must be at least 1024.")] // was "MaxLineBytes 1000", a name no option has
    [InlineData("--guess-limit", "10", "must be BURST/SECONDS")]
    [InlineData("--https-port", "70000", "is not a TCP port")]
    [InlineData("--https-port", "off", "--https-port 'off' is not a TCP port; use 0..65535 (0 picks a free port) or 'none'.")] // was "a whole number from 0 to 2147483647"
    [InlineData("--proxy-protocol-port", "none", "--proxy-protocol-port 'none' is not a TCP port; use 1..65535 (the port HAProxy's server lines name) or leave it out.")]
    [InlineData("--max-connections", "0", "--max-connections 0 must be at least 1.")]
    [InlineData("--max-connections-per-address", "0", "--max-connections-per-address 0 must be at least 1.")]
    [InlineData("--form-deadline-seconds", "0", "--form-deadline-seconds 0 must be from 1 to 3600: a form holds its share of the server's form budget")]
    [InlineData("--form-deadline-seconds", "3601", "--form-deadline-seconds 3601 must be from 1 to 3600")]
    [InlineData("--form-deadline-seconds", "-1", "--form-deadline-seconds -1 must be from 1 to 3600")] // was "not a whole number from 0 to ...", then "at least 1" for 0
    [InlineData("--stale-seconds", "-1", "--stale-seconds -1 must be at least 1.")]
    [InlineData("--throttle-ms", "-5", "--throttle-ms -5 must be 0 (off) or more.")]
    [InlineData("--https-port", "-1", "--https-port -1 is not a TCP port")]
    [InlineData("--guess-limit", "-3/60", "--guess-limit -3/60: both the burst and the refill seconds must be at least 1.")]
    [InlineData("--verbose", "1", "Unrecognized command or argument '--verbose'")]
    [InlineData("--stale-seconds", "x", "--stale-seconds 'x' is not a whole number up to 2147483647.")]
    [InlineData("--user-plot-bytes", "17179869184", "--user-plot-bytes '17179869184' is not a whole number up to 2147483647.")]
    public void BadValuesSayWhatToFix(string name, string value, string expected)
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse([name, value], s_noConfiguration));

        Assert.Contains(expected, exception.Message);
    }

    // A walk-through found a password in a bad address printed back: one after a '@' of its own, one in a URL missing a
    // '/', in a libpq-style ?password= or a key=value connection string, and any in --urls and --public-url. Each message
    // still names the option and what to write, with '***' for the password.
    [Theory]
    [InlineData("--store", "postgres://u:hunter2pw@hunter2pw@host/db", "--store 'postgres://u:***@host/db' is not a PostgreSQL address: give postgres://")]
    [InlineData("--store", "postgres:/u:hunter2pw@host/db", "--store 'postgres:***@host/db' is not a PostgreSQL address")]
    [InlineData("--store", "Host=db;Username=u;Password=hunter2pw;Database=d", "--store 'Host=db;Username=u;Password=***;Database=d' is not a PostgreSQL address")]
    [InlineData("--store", "Host=db;Username=u;Pwd=hunter2pw;Database=d", "--store 'Host=db;Username=u;Pwd=***;Database=d' is not a PostgreSQL address")]
    [InlineData("--store", "Host=db;Password=\"x;hunter2pw\";Database=d", "--store 'Host=db;Password=***;Database=d' is not a PostgreSQL address")]
    [InlineData("--store", "postgres://u@host/db?password=hunter2pw", "--store: 'password=***' is not understood; the one setting taken after '?' is sslmode")]
    [InlineData("--urls", "ftp://u:hunter2pw@127.0.0.1:8080", "--urls 'ftp://u:***@127.0.0.1:8080' is not of the form http://HOST:PORT")]
    [InlineData("--urls", "http://u:hunter2pw@example.com:8080", "--urls 'http://u:***@example.com:8080': the host must be an IP address")]
    [InlineData("--public-url", "https://u:hunter2pw@plots.example.org", "--public-url 'https://u:***@plots.example.org' must be like https://plots.example.org")]
    public void ABadAddressIsNamedWithoutItsPassword(string name, string value, string expected)
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse([name, value], s_noConfiguration));

        Assert.Contains(expected, exception.Message);
        Assert.DoesNotContain("hunter2pw", exception.Message);
    }

    // A walk-through found a key or password typed after a misspelt option printed back whole, in System.CommandLine's
    // "Unrecognized command or argument 'demo:SECRETKEY123'": the words the server does not know are now shown as the
    // flash tool shows them (UnknownWords), an option without its joined value and any other word only counted.
    [Theory]
    [InlineData(new[] { "--usr", "demo:SECRETKEY123" }, "Unrecognized command or argument '--usr'. 1 word is neither an option nor an option's value; "
        + "not shown, in case of a password or an API key. Did you mean --user for --usr?")]
    [InlineData(new[] { "--usr=demo:SECRETKEY123" }, "Unrecognized command or argument '--usr=...'. Did you mean --user for --usr?")]
    [InlineData(new[] { "--usr:demo:SECRETKEY123" }, "Unrecognized command or argument '--usr:...'. Did you mean --user for --usr?")]
    [InlineData(new[] { "--stor", "postgres://u:SECRETKEY123@host/db" }, "Unrecognized command or argument '--stor'. 1 word is neither an option nor an option's value; "
        + "not shown, in case of a password or an API key. Did you mean --store for --stor?")]
    [InlineData(new[] { "--clustr", "redis://:SECRETKEY123@host", "--data", "d", "SECRETKEY123" }, "Unrecognized command or argument '--clustr'. 2 words are neither an "
        + "option nor an option's value; not shown, in case of a password or an API key. Did you mean --cluster for --clustr?")]
    public void AValueAfterAMisspeltOptionIsNotPrintedBack(string[] arguments, string expected)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(arguments, s_noConfiguration));

        Assert.Equal(expected, refused.Message);
    }

    // System.CommandLine reads "@FILE" as a file of arguments: "@users.txt" (for --users-file) printed every line of it back.
    [Fact]
    public void AUsersFileGivenAsAnArgumentFileIsNotPrintedBack()
    {
        string folder = Directory.CreateTempSubdirectory("users-file-").FullName;
        try
        {
            string file = Path.Combine(folder, "users");
            File.WriteAllText(file, "alice:SECRETKEY123-alice\nbob:SECRETKEY123-bob\n");

            ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(["@" + file], s_noConfiguration));

            Assert.Equal("2 words are neither an option nor an option's value; not shown, in case of a password or an API key.", refused.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A users file's problem is the file's, not the command line's: said alone (Program prints a StartupException without the
    // usage, which buried it), with what the file holds. Exit code 2 still: a restart does not fix it.
    [Theory]
    [InlineData("/nonexistent/users", null, "/nonexistent/users'): check the path; the users file has one NAME:KEY per line, readable by the server's user.")] // said only why
    [InlineData("/tmp", null, "--users-file /tmp is a folder, not a file: give the path of the users file itself")] // was "Access to the path is denied"
    [InlineData("FILE", "# users\nsecret-key-without-a-name\n", "A user entry in --users-file FILE is not NAME:KEY: write one NAME:KEY per line ('#' starts a comment).")]
    [InlineData("FILE", "bob:short\n", "--users-file FILE: The key of user 'bob' has 5 characters; keys need at least 16")]
    [InlineData("FILE", "bad/name:key-aaaa-aaaa-aaaa\n", "--users-file FILE: User name 'bad/name' must be 1 to")]
    public void AUsersFilesProblemIsSaidAloneWithWhatTheFileHolds(string path, string? content, string expected)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("users-file-").FullName, "users");
        try
        {
            if (content is not null)
            {
                File.WriteAllText(file, content);
                path = file;
            }

            StartupException refused = Assert.Throws<StartupException>(() => StreamServerCommand.Parse(["--users-file", path], s_noConfiguration));

            Assert.Equal(ExitCodes.Usage, refused.ExitCode);
            Assert.Contains(expected.Replace("FILE", file, StringComparison.Ordinal), refused.Message);
            Assert.DoesNotContain("short", refused.Message); // the key is named by its length, never shown
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    // A walk-through found the flash tool and the virtual device naming the option a misspelt one was meant to be, and the
    // server not: the same rule (NearestKey) answers here, after System.CommandLine's own message; a value after '=' is no part of it.
    [Theory]
    [InlineData(new[] { "--ursl", "http://127.0.0.1:8080" }, "Did you mean --urls for --ursl?")]
    [InlineData(new[] { "--stale-second", "5" }, "Did you mean --stale-seconds for --stale-second?")]
    [InlineData(new[] { "--users-flie=users.txt" }, "Did you mean --users-file for --users-flie?")]
    [InlineData(new[] { "--users-flie:users.txt" }, "Did you mean --users-file for --users-flie?")]
    [InlineData(new[] { "--ursl=http://127.0.0.1:8080" }, "Did you mean --urls for --ursl?")]
    [InlineData(new[] { "--Data", "d" }, "Did you mean --data for --Data?")]
    public void AMisspeltOptionIsAnsweredWithTheNearestOne(string[] arguments, string expected)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(arguments, s_noConfiguration));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void AnOptionNearNoneGetsNoGuess()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(["--verbose"], s_noConfiguration));

        Assert.DoesNotContain("Did you mean", refused.Message);
    }

    [Theory]
    [InlineData(new string[0], 64L << 20)]
    [InlineData(new[] { "--max-line-bytes", "33554432" }, 128L << 20)] // 32 MiB lines: room for four of them, not a start-up refusal
    [InlineData(new[] { "--max-line-bytes", "33554432", "--user-line-bytes", "134217728" }, 128L << 20)]
    public void TheUserLineBudgetHasRoomForFourOfTheLongestLinesUnlessSet(string[] arguments, long expected)
    {
        Assert.Equal(expected, StreamServerCommand.Parse(arguments, s_noConfiguration)!.UserLimits.LineBytes);
    }

    [Fact]
    public void AUserLineBudgetSetTooSmallForTheLongestLinesIsRefused()
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(
            () => StreamServerCommand.Parse(["--max-line-bytes", "33554432", "--user-line-bytes", "67108864"], s_noConfiguration));

        Assert.Contains("--user-line-bytes 67108864 must be at least 4 times --max-line-bytes (134217728)", exception.Message);
    }

    [Fact]
    public void HelpReturnsNoOptions()
    {
        Assert.Null(StreamServerCommand.Parse(["--help"], s_noConfiguration));
        Assert.Contains("--max-viewers-per-plot <N>", StreamServerCommand.Usage);
        Assert.Contains("--form-deadline-seconds <N>", StreamServerCommand.Usage);
    }
}
