using System.Text;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>
/// The server's settings as ASP.NET Core users expect them: appsettings.json, then environment variables
/// (StreamServer__Key, ASPNETCORE_URLS), then the command line, each winning over the one before; a misspelt key is named.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private const string Key = "config-key-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("stream-server-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AppSettingsJsonSetsTheOptions()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {"StreamServer": {"StaleSeconds": 5, "ThrottleMilliseconds": 0, "HttpsPort": "none", "GuessLimit": "4/3",
                              "Urls": "http://127.0.0.1:0", "Users": {"frank": "KEY"}}}
            """.Replace("KEY", Key));

        StreamServerOptions options = StreamServerCommand.Parse([], StreamServerCommand.Configuration(_folder))!;

        Assert.Equal((5, 0, 4, 3), (options.StaleSeconds, options.ThrottleMilliseconds, options.GuessBurst, options.GuessRefillSeconds));
        Assert.Null(options.HttpsPort);
        Assert.Equal(["http://127.0.0.1:0"], options.Urls);
        Assert.Equal(Key, options.Users["frank"]);
    }

    [Fact]
    public void TheEnvironmentWinsOverTheFileAndTheCommandLineOverBoth()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{"StreamServer": {"StaleSeconds": 5, "MaxViewersPerPlot": 7, "ReplayBytes": 20000000, "UserReplayBytes": 80000000}}""");
        IConfiguration configuration = new ConfigurationBuilder()
            .AddConfiguration(StreamServerCommand.Configuration(_folder))
            .AddInMemoryCollection([KeyValuePair.Create("StreamServer:StaleSeconds", (string?)"6"), KeyValuePair.Create("StreamServer:MaxViewersPerPlot", (string?)"8")])
            .Build();

        StreamServerOptions options = StreamServerCommand.Parse(["--stale-seconds", "9"], configuration)!;

        Assert.Equal((9, 8, 20000000L), (options.StaleSeconds, options.MaxViewersPerPlot, options.ReplayBytes));
    }

    [Fact]
    public void AspNetCoresOwnUrlsSettingIsUsedWhenTheServerHasNone()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("urls", (string?)"http://127.0.0.1:0")]).Build();

        Assert.Equal(["http://127.0.0.1:0"], StreamServerCommand.Parse([], configuration)!.Urls);
    }

    // A setting from appsettings.json or the environment is no part of the command line, so Program says its problem alone
    // (a StartupException), without the usage, which buried it; a misspelt key gets the nearest one (NearestKey).
    [Theory]
    [InlineData("StreamServer:StaleSecond", "5", "StreamServer:StaleSecond is not a setting of the stream server. Did you mean StaleSeconds? The settings are Urls, ")]
    [InlineData("StreamServer:StaleSeconds", "five", "StreamServer:StaleSeconds 'five' is not a whole number up to 2147483647.")]
    [InlineData("StreamServer:Users:eve", "short", "StreamServer:Users:eve: The key of user 'eve' has 5 characters; keys need at least 16")]
    public void ABadSettingIsNamedWithItsKeyAndSaidAlone(string key, string value, string expected)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        StartupException refused = Assert.Throws<StartupException>(() => StreamServerCommand.Parse([], configuration));

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains(expected, refused.Message);
    }

    // The same addresses from the settings (StreamServer__Store=..., StreamServer__PublicUrl=...) printed their password back.
    [Theory]
    [InlineData("StreamServer:Store", "postgres:/u:hunter2pw@h/db", "In the configuration: StreamServer:Store 'postgres:***@h/db' is not a PostgreSQL address: give ")]
    [InlineData("StreamServer:PublicUrl", "http://u:hunter2pw@h", "In the configuration: StreamServer:PublicUrl 'http://u:***@h' must be like https://plots.example.org")]
    public void ABadAddressSettingIsNamedWithItsKeyWithoutItsPassword(string key, string value, string expected)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        StartupException refused = Assert.Throws<StartupException>(() => StreamServerCommand.Parse([], configuration));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pw", refused.Message);
    }

    // A review found a range problem of appsettings.json said as the command line's ("--stale-seconds 0 must be at least 1."
    // and the whole usage), naming an option never typed: it names the key and the file that set it, alone; a flag's keeps
    // its name (and Program adds the usage).
    [Theory]
    [InlineData("""{"StreamServer": {"StaleSeconds": 0}}""", "In appsettings.json: StreamServer:StaleSeconds 0 must be at least 1.")]
    [InlineData("""{"StreamServer": {"Urls": "http://example.org:8080"}}""", "In appsettings.json: StreamServer:Urls 'http://example.org:8080': the host must be")]
    [InlineData("""{"StreamServer": {"ReplayBytes": 100000}}""", "In appsettings.json: --viewer-queue-bytes 4194304 must be at least 65536 and at most StreamServer:ReplayBytes (100000)")]
    public void ARangeProblemOfTheSettingsFileNamesItsKeyAndFileAndIsSaidAlone(string json, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), json);

        StartupException refused = Assert.Throws<StartupException>(() => StreamServerCommand.Parse([], StreamServerCommand.Configuration(_folder)));

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARangeProblemOfAFlagIsTheCommandLinesEvenWithASettingsFile()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{"StreamServer": {"StaleSeconds": 5}}""");

        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(["--stale-seconds", "0"], StreamServerCommand.Configuration(_folder)));

        Assert.Equal("--stale-seconds 0 must be at least 1.", refused.Message);
    }

    [Fact]
    public async Task AnEnvironmentVariableReachesTheRunningServer()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            await using ServerProcess server = await ServerProcess.StartAsync(["--data", data], new Dictionary<string, string> { ["StreamServer__Users__grace"] = Key });

            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            string form = $$"""un=grace&key={{Key}}&args=[{"y":[]}]&kwargs={"filename":"from the environment"}""";
            string reply = await (await http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)))).Content.ReadAsStringAsync();
            Assert.Contains("\"error\":\"\"", reply);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // ASPNETCORE_URLS is the server's --urls when none is given (README), and it is what the server listens on; Kestrel
    // still logged a warning that it was "Overriding address(es) 'http://127.0.0.1:0'" and binding to others instead.
    // ASPNETCORE_HTTP_PORTS (set in Microsoft's ASP.NET container images) brought the same warning; given ASPNETCORE_URLS,
    // ASP.NET Core does not use it either, so nothing is said of it.
    [Fact]
    public async Task AspNetCoresUrlsVariableIsListenedOnWithoutAWarningThatItIsOverridden()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["ASPNETCORE_HTTP_PORTS"] = "8080" };
            await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--user", "grace:" + Key], environment);
            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync("/healthz"));

            server.Terminate();
            await server.Process.WaitForExitAsync(); // and the end of its output
            Assert.Contains("Stream server on http://127.0.0.1:", server.Output);
            Assert.DoesNotContain("warn:", server.Output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // ASPNETCORE_HTTP_PORTS (set in Microsoft's container images) and ASPNETCORE_HTTPS_PORTS are not read: ASP.NET Core would
    // listen on those ports on every address, this server stays on its own loopback defaults. Before, it said nothing of
    // it, and in a container it was silently unreachable from outside. With addresses given (here --urls: the suggested
    // one), the ports are not used in ASP.NET Core either, and nothing is said.
    [Fact]
    public async Task AspNetCoresPortsVariablesAreNotReadAndTheStartSaysWhereItListensInsteadAndWhatToGive()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            var environment = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = "8080", ["ASPNETCORE_HTTPS_PORTS"] = "8443" };
            await using (ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--user", "grace:" + Key], environment, ownNetwork: true))
            {
                server.Terminate();
                await server.Process.WaitForExitAsync();
                Assert.Contains("Stream server on http://127.0.0.1:8080/", server.Output);
                string warning = Assert.Single(server.Output.Split('\n'), line => line.Contains("warn:"));
                Assert.EndsWith(" warn: HeartRateStreamer.StreamServer.Hosting.StreamServerHost[0] ASPNETCORE_HTTP_PORTS=8080 and ASPNETCORE_HTTPS_PORTS=8443 are not read "
                    + "by the stream server: it listens on http://127.0.0.1:8080/ and https://127.0.0.1:8443/ instead, not on every address, so not from other "
                    + "machines or from outside a container. To listen on every address on those ports, give --urls http://*:8080 --https-port 8443 "
                    + "(or ASPNETCORE_URLS=http://*:8080 and ASPNETCORE_HTTPS_PORT=8443).", warning);
            }

            await using (ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--urls", "http://*:8080", "--https-port", "8443"], environment, ownNetwork: true))
            {
                server.Terminate();
                await server.Process.WaitForExitAsync();
                // On every address: localhost for this machine, and (the namespace has only loopback) no address for a board.
                Assert.Contains("Stream server on http://localhost:8080/", server.Output);
                Assert.Contains("Listening on every address: http://localhost:8080/ is this machine; this machine has no network address (IPv4) now, "
                    + "so no board can reach it: connect it to the board's network", server.Output);
                Assert.Contains("HTTPS (for /clientresp) on https://localhost:8443/ (every address, port 8443)", server.Output);
                Assert.DoesNotContain("warn:", server.Output);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, null, "8080")]
    [InlineData("http://127.0.0.1:0", null, null)] // ASPNETCORE_URLS wins over the ports in ASP.NET Core too
    [InlineData(null, "http://127.0.0.1:0", null)]
    public void ThePortsVariablesAreNamedOnlyWhenNoAddressesAreGiven(string? urlsVariable, string? urlsOption, string? expected)
    {
        var settings = new Dictionary<string, string?> { ["http_ports"] = "8080", ["https_ports"] = " " }; // blank: not set
        if (urlsVariable is not null)
        {
            settings["urls"] = urlsVariable;
        }

        string[] args = urlsOption is null ? [] : ["--urls", urlsOption];
        StreamServerOptions options = StreamServerCommand.Parse(args, new ConfigurationBuilder().AddInMemoryCollection(settings).Build())!;

        Assert.Equal((expected, (string?)null), (options.UnreadHttpPorts, options.UnreadHttpsPorts));
    }
}
