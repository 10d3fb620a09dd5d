using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>What a restart keeps, on either store (<see cref="StreamServer.Storage.IPlotStore"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RestartKeepsPlotsTokensWindowsAndLayout(bool inPostgres)
    {
        string data = TestServer.NewDataDirectory();
        string? store = inPostgres ? await postgres.NewDatabaseAsync() : null;
        try
        {
            string plot;
            await using (TestServer before = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.Store = store; }, data))
            {
                plot = await before.CreatePlotAsync("durable-stream-token", maxPoints: 100);
                string points = string.Concat(Enumerable.Range(1, 150).Select(i => $"{{\"x\":{i},\"y\":{i % 7}}}\n"));
                Assert.Equal(200, (await before.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: durable-stream-token\r\n\r\n" + Chunk(points) + "0\r\n\r\n")).Status);
            }

            await using TestServer after = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.Store = store; }, data);
            JsonObject figure = await after.FigureAsync(plot);
            Assert.Equal(Enumerable.Range(51, 100), figure["data"]![0]!["x"]!.AsArray().Select(x => (int)x!));

            // The token is still bound: streaming continues the same window.
            Assert.Equal(200, (await after.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: durable-stream-token\r\n\r\n" + Chunk("{\"x\":151,\"y\":0}\n") + "0\r\n\r\n")).Status);
            Assert.Equal(151, (int)(await after.FirstTraceAsync(plot))["x"]![99]!);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DemoUserKeyAndCertificateSurviveARestartAndTheKeyIsShownOnlyWhenMade()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            var options = new StreamServerOptions { Urls = ["http://127.0.0.1:0"], HttpsPort = 0, DataDirectory = data, LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
            string key;
            string certificate;
            await using (StreamServerHost first = await StreamServerHost.StartAsync(options))
            {
                key = first.Users[StreamServerHost.DemoUser];
                certificate = await File.ReadAllTextAsync(first.CertificatePath!);
            }

            await using StreamServerHost second = await StreamServerHost.StartAsync(options);
            Assert.False(second.Users.ContainsKey(StreamServerHost.DemoUser)); // only its hash is stored
            Assert.Contains(StreamServerHost.DemoUser, second.UserNames);
            using var http = new HttpClient { BaseAddress = second.HttpBaseUrl };
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["un"] = StreamServerHost.DemoUser, ["key"] = key, ["args"] = "[{\"x\":[1],\"y\":[2]}]", ["kwargs"] = "{\"filename\":\"kept\"}",
            });
            JsonObject reply = (JsonObject)JsonNode.Parse(await (await http.PostAsync("/clientresp", form)).Content.ReadAsStringAsync())!;
            Assert.Equal("", (string?)reply["error"]);
            Assert.Equal(certificate, await File.ReadAllTextAsync(second.CertificatePath!));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AnUnreachableDatabaseStopsTheStartWithOneLineWithoutThePassword()
    {
        var options = new StreamServerOptions
        {
            Urls = ["http://127.0.0.1:0"], HttpsPort = null, DataDirectory = TestServer.NewDataDirectory(),
            Store = "postgres://streams:s3cret-password@127.0.0.1:1/streams",
        };
        try
        {
            var refused = await Assert.ThrowsAsync<StartupException>(() => StreamServerHost.StartAsync(options));

            Assert.Equal(ExitCodes.DatabaseUnusable, refused.ExitCode);
            Assert.StartsWith("The PostgreSQL database postgres://streams@127.0.0.1:1/streams cannot be used (", refused.Message);
            Assert.DoesNotContain("s3cret", refused.Message);
            Assert.DoesNotContain("\n", refused.Message);
        }
        finally
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }
}
