using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>Issue 13: "the Host header is echoed into /clientresp's url". With --public-url it is not.</summary>
public sealed class PublicUrlTests
{
    [Fact]
    public async Task TheConfiguredPublicUrlIsGivenWhateverHostTheClientNames()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.PublicUrl = "https://plots.example.org");

        JsonObject answer = await CreatePlotWithHostAsync(server, "attacker.example");

        Assert.StartsWith("https://plots.example.org/", (string?)answer["url"]);
        Assert.Equal("https://plots.example.org", (string?)answer["stream-host"]);
        Assert.DoesNotContain("attacker", answer.ToJsonString());
    }

    [Fact]
    public async Task WithoutOneAHostThatIsNoPlainNameGetsTheBoundAddress()
    {
        await using TestServer server = await TestServer.StartAsync();

        JsonObject answer = await CreatePlotWithHostAsync(server, "[::1]");

        Assert.StartsWith($"http://127.0.0.1:{server.Port}/", (string?)answer["url"]);
    }

    [Theory]
    [InlineData("plots.example.org")]
    [InlineData("https://plots.example.org/some/path")]
    [InlineData("https://plots.example.org/?q=1")]
    [InlineData("ftp://plots.example.org")]
    public void APublicUrlWithMoreThanSchemeHostAndPortIsRefused(string url)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServer.Hosting.StreamServerCommand.Parse(["--public-url", url], new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));

        Assert.Contains("--public-url", refused.Message);
    }

    private static async Task<JsonObject> CreatePlotWithHostAsync(TestServer server, string host)
    {
        string form = $$"""un={{TestServer.Alice}}&key={{TestServer.AliceKey}}&args=[{"y":[]}]&kwargs={"filename":"public"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clientresp") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form)) };
        request.Headers.Host = host;
        using HttpResponseMessage response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
