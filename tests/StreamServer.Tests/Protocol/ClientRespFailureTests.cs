using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Tests.Storage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>/clientresp when things fail beneath it: the answer is still the JSON the npm client reads, and a plot the
/// database refused is never left where streams write into it unsaved.</summary>
public sealed class ClientRespFailureTests : IDisposable
{
    private const string OneStream = """[{"x":[],"y":[],"stream":{"token":"refused-stream-token","maxpoints":200}}]""";

    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ADatabaseThatRefusesThePlotAnswers503JsonAndThePlotIsSavedWithItsPointsOnceItTakesIt()
    {
        await using (TestServer server = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.PersistIntervalMilliseconds = 50; }, _data))
        {
            // The real SQLite refuses every new plot row, as a full disk or a read-only file would.
            StoredDatabase.Execute(_data, "CREATE TRIGGER refuse_plots BEFORE INSERT ON plots BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");

            using var form = new StringContent($"un={TestServer.Alice}&key={TestServer.AliceKey}&args={OneStream}&kwargs={{\"filename\":\"hr\",\"fileopt\":\"overwrite\"}}");
            using HttpResponseMessage response = await server.Http.PostAsync("/clientresp", form);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Equal(503, (int)response.StatusCode);
            string error = (string)JsonNode.Parse(body)!["error"]!;
            Assert.StartsWith("internal database error", error, StringComparison.Ordinal);
            Assert.Contains("refused by the test", error, StringComparison.Ordinal);
            Assert.Contains("try again", error, StringComparison.Ordinal);

            // A device that already streams with the token is not lost, and its point is never stored without its plot.
            RawResponse stream = await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: refused-stream-token\r\n\r\n"
                + Chunk("{\"x\":1,\"y\":72}\n") + "0\r\n\r\n");
            Assert.Equal(200, stream.Status);
            long failuresAfterPoint = await FailuresAsync(server);
            await Eventually.TrueAsync(async () => await FailuresAsync(server) >= failuresAfterPoint + 2, "the saver tried the refused plot again, after the point");
            Assert.Equal(0L, StoredDatabase.Scalar(_data, "SELECT count(*) FROM plot_appends"));

            StoredDatabase.Execute(_data, "DROP TRIGGER refuse_plots");
            await Eventually.TrueAsync(() => Task.FromResult((long)StoredDatabase.Scalar(_data, "SELECT count(*) FROM plots")! == 1), "the saver saved the plot");
        }

        await using TestServer again = await TestServer.StartAsync(dataDirectory: _data);
        Assert.Equal("[72]", (await again.FirstTraceAsync("/~alice/0"))["y"]!.ToJsonString());
    }

    [Fact]
    public async Task AFormOverKestrelsBodyLimitAnswers413Json()
    {
        await using TestServer server = await TestServer.StartAsync(dataDirectory: _data);

        // Only the head: Kestrel refuses by Content-Length before the body would be read.
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        await connection.SendAsync($"POST /clientresp HTTP/1.1\r\nHost: x\r\nContent-Length: {5 * 1024 * 1024}\r\nConnection: close\r\n\r\nun=alice&");
        RawResponse response = await connection.ReadToEndAsync();

        Assert.Equal(413, response.Status);
        string body = response.Body; // one chunk: the JSON between its size line and the last chunk
        Assert.Contains("2097152 bytes", (string?)JsonNode.Parse(body[body.IndexOf('{')..(body.LastIndexOf('}') + 1)])!["error"], StringComparison.Ordinal);
    }

    private static async Task<long> FailuresAsync(TestServer server) =>
        (long)JsonNode.Parse(await server.Http.GetStringAsync("/healthz"))!["persistence"]!["failures"]!;
}
