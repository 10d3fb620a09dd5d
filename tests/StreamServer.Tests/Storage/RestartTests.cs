using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

public sealed class RestartTests
{
    [Fact]
    public async Task RestartKeepsPlotsTokensWindowsAndLayout()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            string plot;
            await using (TestServer before = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data))
            {
                plot = await before.CreatePlotAsync("durable-stream-token", maxPoints: 100);
                string points = string.Concat(Enumerable.Range(1, 150).Select(i => $"{{\"x\":{i},\"y\":{i % 7}}}\n"));
                Assert.Equal(200, (await before.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: durable-stream-token\r\n\r\n" + Chunk(points) + "0\r\n\r\n")).Status);
            }

            await using TestServer after = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data);
            JsonObject figure = await after.FigureAsync(plot);
            Assert.Equal(Enumerable.Range(51, 100), figure["data"]![0]!["x"]!.AsArray().Select(x => (int)x!));

            // The token is still bound: streaming continues the same window.
            Assert.Equal(200, (await after.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: durable-stream-token\r\n\r\n" + Chunk("{\"x\":151,\"y\":0}\n") + "0\r\n\r\n")).Status);
            Assert.Equal(151, (int)(await after.FigureAsync(plot))["data"]![0]!["x"]![99]!);
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
}
