using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>Runs an attack against a plot of a fresh server and checks what issue 13 asks of every
/// attack: the server stays up and serves other plots, the attacked plot goes on streaming, and the
/// server starts again on the same data folder with both plots intact.</summary>
public static class Survival
{
    public const string Other = "other-token";
    public const string Target = "target-token";

    public static async Task CheckAsync(Func<TestServer, string, Task> attack)
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            string other;
            string target;
            await using (TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data))
            {
                other = await server.CreatePlotAsync(Other, "other plot");
                target = await server.CreatePlotAsync(Target, "target plot");
                Assert.Equal(200, (await StreamAsync(server, Other, """{"x":1,"y":1}""")).Status);

                await attack(server, target);

                await AssertServesAsync(server, other, target, x: 2);
            }

            await using TestServer again = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data);
            Assert.Equal("[1,2]", (await again.FirstTraceAsync(other))["x"]!.ToJsonString());
            await AssertServesAsync(again, other, target, x: 3);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>One chunked stream of the given lines to <paramref name="token"/>; the server's answer.</summary>
    public static Task<RawResponse> StreamAsync(TestServer server, string token, params string[] lines)
    {
        return server.ExchangeAsync(RawHttp.StreamHead(token)
            + string.Concat(lines.Select(line => Chunk(line + "\n"))) + "0\r\n\r\n");
    }

    public static Task<HttpResponseMessage> OwnerPostAsync(TestServer server, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServer.Alice}:{TestServer.AliceKey}")));
        return server.Http.SendAsync(request);
    }

    // Both plots take a point, and a viewer of the attacked plot gets it in a frame: its frame timer still runs.
    private static async Task AssertServesAsync(TestServer server, string other, string target, int x)
    {
        await using SseReader viewer = await SseReader.OpenAsync(server.Http, target + "/events");
        Assert.Equal("figure", (await viewer.NextAsync()).EventType);
        Assert.Equal(200, (await StreamAsync(server, Target, $$"""{"x":{{x}},"y":{{x}}}""")).Status);
        await viewer.ReadUntilAsync(item => item.EventType == "frame" && JsonNode.Parse(item.Data)!["traces"]![0]!["extend"]!["x"]!.ToJsonString().Contains($"{x}"));

        Assert.Equal(200, (await StreamAsync(server, Other, $$"""{"x":{{x}},"y":{{x}}}""")).Status);
        JsonObject figure = await server.FigureAsync(other);
        Assert.Equal(x, (int)figure["data"]![0]!["x"]!.AsArray()[^1]!);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/static/viewer.js")).StatusCode);
        Assert.Contains("\"status\":\"ok\"", await server.Http.GetStringAsync("/healthz"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(target + ".json")).StatusCode);
    }
}
