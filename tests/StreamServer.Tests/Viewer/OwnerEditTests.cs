using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>POST /~USER/N/layout and /restyle: owner only, live to viewers, data untouched.</summary>
public sealed class OwnerEditTests
{
    [Fact]
    public async Task OwnerTitleChangeReachesViewersAndLeavesDataAlone()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("edit-stream-token");
        await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: edit-stream-token\r\nContent-Length: 15\r\n\r\n{\"x\":1,\"y\":60}\n");
        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        await viewer.NextAsync();

        HttpResponseMessage response = await PostAsync(server, plot + "/layout", """{"title.text":"Heart rate"}""", TestServer.Alice, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SseItem<string> relayout = await viewer.NextAsync();
        Assert.Equal("relayout", relayout.EventType);
        Assert.Equal("Heart rate", (string?)JsonNode.Parse(relayout.Data)!["title.text"]);
        JsonObject figure = await server.FigureAsync(plot);
        Assert.Equal("Heart rate", (string?)figure["layout"]!["title"]!["text"]);
        Assert.Equal("[60]", figure["data"]![0]!["y"]!.ToJsonString());
    }

    [Fact]
    public async Task RestyleChangesStyleOfTheNamedTraces()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("style-stream-token");
        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        await viewer.NextAsync();

        HttpResponseMessage response = await PostAsync(server, plot + "/restyle", """{"update":{"line.color":"crimson"},"traces":[0]}""", TestServer.Alice, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("restyle", (await viewer.NextAsync()).EventType);
        Assert.Equal("crimson", (string?)(await server.FirstTraceAsync(plot))["line"]!["color"]);
    }

    // plotly.js's restyle takes a single trace index as a number: it restyles that trace alone.
    [Fact]
    public async Task RestyleTakesOneTraceIndexAsANumber()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject created = await server.ClientRespAsync("""[{"x":[],"y":[]},{"x":[],"y":[]}]""", """{"filename":"two traces"}""");
        string plot = new Uri((string)created["url"]!).AbsolutePath;

        HttpResponseMessage response = await PostAsync(server, plot + "/restyle", """{"update":{"line.color":"crimson"},"traces":1}""", TestServer.Alice, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray data = (await server.FigureAsync(plot))["data"]!.AsArray();
        Assert.Null(data[0]!["line"]);
        Assert.Equal("crimson", (string?)data[1]!["line"]!["color"]);
    }

    // The owner's name with a wrong key is told that the key is wrong (the page's edit form sends the owner's name, so
    // the key is all its user can have got wrong); another user is told whose plot it is. Both once read "only the
    // owner 'alice' may edit this plot: send Authorization: Basic with the user name and API key".
    [Theory]
    [InlineData(TestServer.Alice, "wrong-key", "the API key is wrong for 'alice': only the owner 'alice' may edit this plot; send alice's API key")]
    [InlineData(TestServer.Bob, TestServer.BobKey, "only the owner 'alice' may edit this plot, not 'bob': send Authorization: Basic with alice's user name and API key")]
    public async Task OnlyTheOwnerMayEdit(string user, string key, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("mine-stream-token");

        HttpResponseMessage response = await PostAsync(server, plot + "/layout", """{"title.text":"stolen"}""", user, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(expected, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        Assert.Null((await server.FigureAsync(plot))["layout"]!["title"]);
    }

    [Theory]
    [InlineData("""{"update":{"y":[1,2,3]}}""", "data or stream settings")]
    [InlineData("""{"update":{"stream.token":"x"}}""", "data or stream settings")]
    [InlineData("""{"update":{"name":"a"},"traces":[5]}""", "trace index 5")]
    [InlineData("""{"name":"a"}""", "the body must be")]
    // "traces" present but no trace index: each once restyled every trace.
    [InlineData("""{"update":{"name":"a"},"traces":"0"}""", "traces must be a trace index such as 0, or an array of trace indices such as [0, 1] (leave it out for every trace), not a string")]
    [InlineData("""{"update":{"name":"a"},"traces":0.5}""", "not a number that is no trace index")]
    [InlineData("""{"update":{"name":"a"},"traces":{"0":true}}""", "not an object")]
    [InlineData("""{"update":{"name":"a"},"traces":true}""", "traces must be a trace index")]
    [InlineData("""{"update":{"name":"a"},"traces":["0"]}""", "not an array with something other than trace indices in it")]
    public async Task RestyleRefusesDataAndBadTraces(string body, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("guarded-stream-token");

        HttpResponseMessage response = await PostAsync(server, plot + "/restyle", body, TestServer.Alice, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvalidUtf8IsRefusedNotStoredAltered()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("bytes-stream-token");
        byte[] body = [.. "{\"title.text\":\"Heart "u8, 0xFF, .. "rate\"}"u8];

        HttpResponseMessage response = await PostAsync(server, plot + "/layout", body, TestServer.Alice, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
        Assert.Null((await server.FigureAsync(plot))["layout"]!["title"]);
    }

    // The endpoint finds the plot when the headers come, then waits for the body; a DELETE in between disposed the plot, and
    // the edit used to apply to it anyway (200) and publish an event into its released replay buffer, which nothing would
    // release again: the owner's replay budget stayed used for good.
    [Theory]
    [InlineData("layout", """{"title.text":"too late"}""")]
    [InlineData("restyle", """{"update":{"line.color":"red"}}""")]
    public async Task AnEditWhoseBodyArrivesAfterTheDeleteIsGoneAndLeavesNoBudgetUsed(string edit, string body)
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string owner = await server.OwnerPathAsync(await server.CreatePlotAsync("raced-stream-token"));
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServer.Alice}:{TestServer.AliceKey}"));
        await connection.SendAsync($"POST {owner}/{edit} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {credentials}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
        await connection.ReadUntilAsync("HTTP/1.1 100 Continue\r\n\r\n"); // Kestrel sends it when the endpoint, past its checks, reads the body

        Assert.Equal(HttpStatusCode.OK, (await server.DeletePlotAsync(owner)).StatusCode);
        await connection.SendAsync(body);
        RawResponse answer = await connection.ReadToEndAsync();

        Assert.Equal(410, answer.Status);
        Assert.Contains($"the owner deleted the plot {owner} while this edit was on its way; nothing was changed", answer.Body);
        Assert.Empty(server.Host.Plots.All);
        Assert.Equal(0, server.Host.Plots.ReplayBudgetOf(TestServer.Alice).Used);
    }

    private static Task<HttpResponseMessage> PostAsync(TestServer server, string path, string json, string user, string key) =>
        PostAsync(server, path, Encoding.UTF8.GetBytes(json), user, key);

    private static Task<HttpResponseMessage> PostAsync(TestServer server, string path, byte[] body, string user, string key)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
        return server.Http.SendAsync(request);
    }
}
