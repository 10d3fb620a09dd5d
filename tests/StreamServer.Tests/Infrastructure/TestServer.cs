using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A real stream server on 127.0.0.1 (free ports) with a data folder of its own, two users,
/// and helpers that talk to it the way clients do.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Alice = "alice";
    public const string AliceKey = "alice-key-0001-test";
    public const string Bob = "bob";
    public const string BobKey = "bob-key-0002-test";

    private readonly bool _ownsDataDirectory;

    private TestServer(StreamServerHost host, bool ownsDataDirectory)
    {
        Host = host;
        _ownsDataDirectory = ownsDataDirectory;
        Http = new HttpClient { BaseAddress = host.HttpBaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public StreamServerHost Host { get; }

    public HttpClient Http { get; }

    public int Port => Host.HttpPort;

    /// <summary>The port HAProxy connects to (--proxy-protocol-port; cluster nodes have one).</summary>
    public int ProxyPort => Host.ProxyProtocolPort ?? throw new InvalidOperationException("this test server has no --proxy-protocol-port");

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("stream-server-test-").FullName;

    public static async Task<TestServer> StartAsync(Action<StreamServerOptions>? configure = null, string? dataDirectory = null)
    {
        var options = new StreamServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            HttpsPort = null,
            DataDirectory = dataDirectory ?? NewDataDirectory(),
            Users = new Dictionary<string, string> { [Alice] = AliceKey, [Bob] = BobKey },
            LogLevel = LogLevel.Warning,
        };
        configure?.Invoke(options);
        return new TestServer(await StreamServerHost.StartAsync(options), ownsDataDirectory: dataDirectory is null);
    }

    /// <summary>POST /clientresp with the exact form layout of the npm client (raw JSON); returns the reply.</summary>
    public Task<JsonObject> ClientRespAsync(string argsJson, string kwargsJson, string user = Alice, string key = AliceKey) =>
        ClientRespAsync(Http, argsJson, kwargsJson, user, key);

    /// <summary>The same, to any server <paramref name="http"/> reaches (a server process, a cluster node).</summary>
    public static async Task<JsonObject> ClientRespAsync(HttpClient http, string argsJson, string kwargsJson, string user = Alice, string key = AliceKey)
    {
        string form = $"platform=nodejs&version=1.0.4&args={argsJson}&kwargs={kwargsJson}&un={user}&key={key}&origin=plot";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(form));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using HttpResponseMessage response = await http.PostAsync("/clientresp", content);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Creates (or overwrites) a plot with one streaming trace; returns its path, /~alice/0.</summary>
    public Task<string> CreatePlotAsync(string token, string filename = "test plot", int maxPoints = 500, string user = Alice, string key = AliceKey) =>
        CreatePlotAsync(Http, token, filename, maxPoints, user, key);

    /// <summary>The same, on any server <paramref name="http"/> reaches.</summary>
    public static async Task<string> CreatePlotAsync(HttpClient http, string token, string filename = "test plot", int maxPoints = 500, string user = Alice, string key = AliceKey)
    {
        JsonObject reply = await ClientRespAsync(http,
            $$$"""[{"x":[],"y":[],"type":"scatter","mode":"lines","stream":{"token":"{{{token}}}","maxpoints":{{{maxPoints}}}}}]""",
            $$$"""{"filename":"{{{filename}}}","fileopt":"overwrite"}""", user, key);
        Assert.Equal("", (string?)reply["error"]);
        return new Uri((string)reply["url"]!).AbsolutePath;
    }

    /// <summary>GET PATH.json: a share link (/p/ID) as anyone, an owner path (/~alice/0) as its owner (alice's and
    /// bob's keys are known here; other users pass theirs).</summary>
    public async Task<JsonObject> FigureAsync(string plotPath, string? user = null, string? key = null)
    {
        user ??= plotPath.StartsWith("/~" + Alice + "/", StringComparison.Ordinal) ? Alice : plotPath.StartsWith("/~" + Bob + "/", StringComparison.Ordinal) ? Bob : null;
        key ??= user == Alice ? AliceKey : user == Bob ? BobKey : null;
        using var request = new HttpRequestMessage(HttpMethod.Get, plotPath + ".json");
        if (user is not null)
        {
            request.Headers.Authorization = Basic(user, key);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The first trace of <see cref="FigureAsync"/>'s figure: the one a single stream feeds.</summary>
    public async Task<JsonNode> FirstTraceAsync(string plotPath, string? user = null, string? key = null) =>
        (await FigureAsync(plotPath, user, key))["data"]![0]!;

    /// <summary>DELETE on an owner path (/~alice/0), as <paramref name="user"/> (its owner unless told).</summary>
    public async Task<HttpResponseMessage> DeletePlotAsync(string ownerPath, string user = Alice, string key = AliceKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ownerPath);
        request.Headers.Authorization = Basic(user, key);
        return await Http.SendAsync(request);
    }

    /// <summary>An owner's relayout (POST PATH/layout as alice, the owner of the test's plots) of a share link or owner path.</summary>
    public Task<HttpResponseMessage> RelayoutAsync(string plotPath, string json) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, plotPath + "/layout")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { Authorization = Basic(Alice, AliceKey) },
        });

    /// <summary>HTTP Basic credentials, as the owner's requests carry them.</summary>
    public static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string? key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));

    /// <summary>The owner's path (/~alice/0) of a plot reached by its share link, as log lines and the database name it.</summary>
    public async Task<string> OwnerPathAsync(string link) => (string)(await FigureAsync(link))["path"]!;

    /// <summary>One complete stream exchange on a raw socket; returns the server's whole answer.</summary>
    public Task<RawResponse> ExchangeAsync(string request) => RawHttp.ExchangeAsync(Port, Encoding.UTF8.GetBytes(request));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsDataDirectory)
        {
            Directory.Delete(Host.DataDirectory, recursive: true);
        }
    }
}
