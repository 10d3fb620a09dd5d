using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>POST /clientresp over real HTTP: the answers the real clients rely on.</summary>
public sealed class ClientRespTests
{
    private const string OneStream = """[{"x":[],"y":[],"stream":{"token":"tok-a-stream-token","maxpoints":200}}]""";

    [Fact]
    public async Task SuccessAnswersEveryFieldAsAString()
    {
        await using TestServer server = await TestServer.StartAsync();

        JsonObject reply = await server.ClientRespAsync(OneStream, """{"filename":"hr","fileopt":"overwrite"}""");

        Assert.Equal("", (string?)reply["error"]);
        Assert.Equal("All Streams Go!", (string?)reply["stream-status"]);
        Assert.Equal($"http://127.0.0.1:{server.Port}", (string?)reply["stream-host"]);
        // The share link: /p/ and 22 unguessable characters (Viewer/ShareLinks.cs), not the sequential /~alice/0.
        Assert.Matches($@"^http://127\.0\.0\.1:{server.Port}/p/[A-Za-z0-9_-]{{22}}$", (string?)reply["url"]);
        Assert.Equal("hr", (string?)reply["filename"]);
        Assert.Contains((string)reply["url"]!, (string?)reply["message"]);
        Assert.Equal("", (string?)reply["warning"]);
    }

    // A base64 key (openssl rand -base64 15) has '+' and '/'. The npm and Arduino clients put it into the form as it is,
    // where '+' reads as a space: such a key was refused as wrong. A URL-encoding client (%2B) gets in as before.
    [Fact]
    public async Task AKeyWithAPlusSentUnencodedAsTheNpmClientDoesIsAccepted()
    {
        const string Key = "Ab3+kq/Zx9+mW2pL0eRt";
        await using TestServer server = await TestServer.StartAsync(options => options.Users = new Dictionary<string, string> { ["carol"] = Key });

        JsonObject raw = await TestServer.ClientRespAsync(server.Http, OneStream, """{"filename":"raw","fileopt":"overwrite"}""", "carol", Key);
        JsonObject encoded = await TestServer.ClientRespAsync(server.Http, OneStream, """{"filename":"encoded","fileopt":"overwrite"}""", "carol", Uri.EscapeDataString(Key));
        JsonObject wrong = await TestServer.ClientRespAsync(server.Http, OneStream, """{"filename":"wrong","fileopt":"overwrite"}""", "carol", Key.Replace('+', '-'));

        Assert.Equal("", (string?)raw["error"]);
        Assert.Equal("", (string?)encoded["error"]);
        Assert.StartsWith("user 'carol' does not exist or the key is wrong", (string?)wrong["error"]);
    }

    [Fact]
    public async Task OverwriteKeepsTheUrlAndNewMakesAnother()
    {
        await using TestServer server = await TestServer.StartAsync();

        JsonObject first = await server.ClientRespAsync(OneStream, """{"filename":"hr","fileopt":"overwrite"}""");
        JsonObject again = await server.ClientRespAsync(OneStream, """{"filename":"hr","fileopt":"overwrite"}""");
        JsonObject fresh = await server.ClientRespAsync("""[{"y":[]}]""", """{"filename":"hr","fileopt":"new"}""");

        Assert.Equal((string?)first["url"], (string?)again["url"]);
        Assert.NotEqual((string?)first["url"], (string?)fresh["url"]);
        Assert.Equal("hr (1)", (string?)fresh["filename"]);
    }

    [Fact]
    public async Task WrongKeyIsRefusedWithAnErrorAndNoKeyInTheAnswer()
    {
        await using TestServer server = await TestServer.StartAsync();

        JsonObject reply = await server.ClientRespAsync(OneStream, "{}", TestServer.Alice, "wrong-key-guess");

        Assert.Contains("key is wrong", (string?)reply["error"]);
        Assert.DoesNotContain("wrong-key-guess", reply.ToJsonString());
        Assert.Equal("", (string?)reply["url"]);
    }

    [Fact]
    public async Task TokenOfAnotherUsersPlotIsRefused()
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.ClientRespAsync(OneStream, """{"filename":"alice's"}""");

        JsonObject reply = await server.ClientRespAsync(OneStream, """{"filename":"bob's"}""", TestServer.Bob, TestServer.BobKey);

        Assert.Contains("another user", (string?)reply["error"]);
    }

    [Fact]
    public async Task SameUserMovingATokenLeavesTheOldPlotAStaticCopy()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string oldPlot = await server.CreatePlotAsync("moving-token", filename: "old");
        await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: moving-token\r\nContent-Length: 8\r\n\r\n{\"y\":1}\n");

        string newPlot = await server.CreatePlotAsync("moving-token", filename: "new");
        await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: moving-token\r\nContent-Length: 8\r\n\r\n{\"y\":2}\n");

        Assert.Equal("[1]", (await server.FirstTraceAsync(oldPlot))["y"]!.ToJsonString());
        Assert.Equal("[2]", (await server.FirstTraceAsync(newPlot))["y"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"y":[],"stream":{"token":"t-stream-token","maxpoints":10001}}]""", "{}", "maxpoints")]
    [InlineData("""[{"y":[],"stream":{"token":"has space in it"}}]""", "{}", "stream token")]
    [InlineData("""[{"y":[],"stream":{"token":"tok1"}}]""", "{}", "must be 10 to 128")]
    [InlineData("""[1]""", "{}", "trace object")]
    [InlineData("""[]""", """{"fileopt":"append"}""", "fileopt 'append'")]
    [InlineData("""[]""", """{"filename":"hr\u0000log"}""", "control character")]
    [InlineData("""[]""", """{"filename":"hr\nlog"}""", "control character")]
    public async Task BadRequestsSayWhatIsWrong(string args, string kwargs, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();

        JsonObject reply = await server.ClientRespAsync(args, kwargs);

        Assert.Contains(expected, (string?)reply["error"]);
    }

    [Fact]
    public async Task ArduinoRequestWithoutContentTypeAndWithTrailingCrLf()
    {
        await using TestServer server = await TestServer.StartAsync();
        string body = $"version=2.3&origin=plot&platform=arduino&un={TestServer.Alice}&key={TestServer.AliceKey}&args=[{{\"y\": [], \"x\": [], \"type\": \"scatter\", \"stream\": {{\"token\": \"arduino-token\", \"maxpoints\": 30}}}}]&kwargs={{\"fileopt\": \"overwrite\", \"filename\": \"arduino\", \"world_readable\": true}}";

        RawResponse response = await RawHttp.ExchangeAsync(server.Port, System.Text.Encoding.ASCII.GetBytes(
            $"POST /clientresp HTTP/1.1\r\nHost: plot.ly\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}\r\n"));

        Assert.Equal(200, response.Status);
        Assert.Contains("All Streams Go!", response.Body);
    }
}
