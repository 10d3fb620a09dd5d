using System.Net.Http.Headers;
using System.Text;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 2 (the loader's side): values nested deeper than the loader reads, by the issue's three
/// ways in, never stop a start. Whether the value is refused when it arrives or quarantined when it is loaded, the
/// server starts again, twice, with the other plot intact.</summary>
public sealed class DeepValueRestartTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task DeepStreamedValuesAndLayoutKeysNeverStopARestart()
    {
        string other;
        await using (TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, _data))
        {
            string attacked = await server.CreatePlotAsync("deep-stream-token", "deep-stream-token");
            other = await server.CreatePlotAsync("other-stream-token", "other-stream-token");
            string deepArray = new string('[', 64) + "1" + new string(']', 64);
            string longKey = string.Join('.', Enumerable.Repeat("k", 70));
            string lines = $"{{\"y\":{deepArray}}}\n{{\"layout\":{{\"{longKey}\":1}}}}\n";
            await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: deep-stream-token\r\n\r\n" + Chunk(lines) + "0\r\n\r\n");

            using var relayout = new HttpRequestMessage(HttpMethod.Post, attacked + "/layout")
            {
                Content = new StringContent($"{{\"{string.Join('.', Enumerable.Repeat("o", 100))}\":1}}", Encoding.UTF8, "application/json"),
            };
            relayout.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServer.Alice}:{TestServer.AliceKey}")));
            (await server.Http.SendAsync(relayout)).Dispose();

            Assert.Equal(200, (await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: other-stream-token\r\n\r\n" + Chunk("{\"x\":7,\"y\":7}\n") + "0\r\n\r\n")).Status);
        }

        for (int restart = 0; restart < 2; restart++)
        {
            await using TestServer again = await TestServer.StartAsync(dataDirectory: _data);
            Assert.Equal(7, (int)(await again.FirstTraceAsync(other))["x"]![0]!);
            await again.CreatePlotAsync("after-restart-" + restart, "after " + restart);
        }
    }
}
