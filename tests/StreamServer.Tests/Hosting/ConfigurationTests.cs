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

    [Theory]
    [InlineData("StreamServer:StaleSecond", "5", "StreamServer:StaleSecond is not a setting of the stream server")]
    [InlineData("StreamServer:StaleSeconds", "five", "StreamServer:StaleSeconds 'five' is not a whole number from 0 to 2147483647.")]
    [InlineData("StreamServer:Users:eve", "short", "has 5 characters; keys need at least 16")]
    public void ABadSettingIsNamedWithItsKey(string key, string value, string expected)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse([], configuration));

        Assert.Contains(expected, refused.Message);
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
    // ASPNETCORE_HTTP_PORTS (set in Microsoft's ASP.NET container images) is not a setting of this server and brought the
    // same warning.
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
}
