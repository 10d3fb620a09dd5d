using System.Diagnostics;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 5, as a supervisor sees it: the program (not the in-process host) exits with the
/// documented code and one line on stderr, and never with a stack trace (on either stream) or abort (134).</summary>
public sealed class StartupExitCodeTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ADataFolderThatIsAFileExitsWith3AndOneLine()
    {
        string file = Path.Combine(_data, "plain-file");
        await File.WriteAllTextAsync(file, "");

        (int code, string error, _) = await RunServerAsync("--data", file);

        Assert.Equal(ExitCodes.DataFolderUnusable, code);
        Assert.Equal($"The data folder {file} is a file, not a folder: move that file away or give another folder with --data.", error.TrimEnd('\n'));
    }

    [Fact]
    public async Task ADatabaseThatIsNotSqliteExitsWith4AndOneLine()
    {
        string database = StoredDatabase.PathIn(_data);
        await File.WriteAllTextAsync(database, new string('x', 8192));

        (int code, string error, _) = await RunServerAsync("--data", _data);

        Assert.Equal(ExitCodes.DatabaseUnusable, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"The database {database} is not an SQLite database", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThisMachineDoesNotHaveExitsWith1AndNamesIt()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
        (int code, string error, _) = await RunServerAsync(["--data", _data, "--urls", "http://192.0.2.1:8080", "--https-port", "none"], listenOnLoopback: false);

        Assert.Equal(ExitCodes.CannotListen, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("Could not listen on http://192.0.2.1:8080: ", error, StringComparison.Ordinal);
        Assert.Contains("Give addresses of this machine and free ports with --urls and --https-port.", error);
    }

    [Fact]
    public async Task APortInUseExitsWith1AndOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        (int code, string error, string output) = await RunServerAsync(["--data", _data, "--urls", $"http://127.0.0.1:{port}", "--https-port", "none"], listenOnLoopback: false);

        Assert.Equal(ExitCodes.CannotListen, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"Could not listen on http://127.0.0.1:{port}: ", error, StringComparison.Ordinal);
        // The host's own "Hosting failed to start" log and the whole exception used to come first, on stdout.
        Assert.Equal("", output);
    }

    [Fact]
    public async Task AFirstStartThatCannotListenLeavesNoDemoUserSoTheNextStartMakesAndShowsTheKey()
    {
        // A new user's first start found its port in use: the demo user it made was stored, its key shown to no one,
        // and the next start only said "Lost the 'demo' key?".
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var options = new StreamServerOptions { Urls = [$"http://{taken.LocalEndpoint}"], HttpsPort = null, DataDirectory = _data, LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
        StartupException refused = await Assert.ThrowsAsync<StartupException>(() => StreamServerHost.StartAsync(options));
        Assert.Equal(ExitCodes.CannotListen, refused.ExitCode);

        options.Urls = ["http://127.0.0.1:0"];
        await using StreamServerHost second = await StreamServerHost.StartAsync(options);
        Assert.True(second.Users.ContainsKey(StreamServerHost.DemoUser)); // made by this start, so Program shows its key
    }

    [Fact]
    public async Task AProxyProtocolPortInUseIsNamedWithItsOption()
    {
        // The operator's walkthrough: a busy --proxy-protocol-port was reported as the --urls address, with --urls and
        // --https-port to change.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        (int code, string error, _) = await RunServerAsync(["--data", _data, "--urls", "http://127.0.0.1:0", "--https-port", "none",
            "--proxy-protocol-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], listenOnLoopback: false);

        Assert.Equal(ExitCodes.CannotListen, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"Could not listen on PROXY protocol port {port}: ", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.EndsWith("Give a free port and an address of this machine with --proxy-protocol-port.", error.TrimEnd('\n'));
        Assert.DoesNotContain("--urls", error);
    }

    // A walk-through found a users file's problem followed by the whole usage, which buried it: a file's problem stands alone.
    [Fact]
    public async Task AUsersFileThatCannotBeReadExitsWith2AndOneLineWithoutTheUsage()
    {
        string missing = Path.Combine(_data, "users.txt");

        (int code, string error, string output) = await RunServerAsync("--data", _data, "--users-file", missing);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"--users-file {missing} cannot be read (Could not find file '{missing}'): check the path; the users file has one NAME:KEY per line, "
            + "readable by the server's user.", error.TrimEnd('\n'));
        Assert.Equal("", output);
    }

    // The command line itself wrong: the message, the nearest option, then the usage that says what it takes.
    [Fact]
    public async Task AMisspeltOptionExitsWith2WithTheNearestOneAndTheUsage()
    {
        (int code, string error, _) = await RunServerAsync("--data", _data, "--stale-second", "5");

        Assert.Equal(ExitCodes.Usage, code);
        // The '5' is not shown: a word after a misspelt option may be a key or password (it was printed back).
        Assert.StartsWith("Unrecognized command or argument '--stale-second'. 1 word is neither an option nor an option's value; not shown, "
            + "in case of a password or an API key. Did you mean --stale-seconds for --stale-second?\n", error);
        Assert.Contains("Usage:", error);
    }

    private static Task<(int Code, string Error, string Output)> RunServerAsync(params string[] args) => RunServerAsync(args, listenOnLoopback: true);

    private static async Task<(int Code, string Error, string Output)> RunServerAsync(string[] args, bool listenOnLoopback)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(StreamServerHost).Assembly.Location);
        foreach (string arg in listenOnLoopback ? args.Concat(["--urls", "http://127.0.0.1:0", "--https-port", "none"]) : args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, error, await output);
    }
}
