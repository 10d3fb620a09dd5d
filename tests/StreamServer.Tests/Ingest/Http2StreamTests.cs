using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>Over HTTPS a client may negotiate HTTP/2 (curl does); the stream reader speaks HTTP/1.1 only, and says so.</summary>
public sealed class Http2StreamTests
{
    [Fact]
    public async Task AStreamOverHttp2IsToldToUseHttp11()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.HttpsPort = 0);
        await server.CreatePlotAsync("h2-stream-token");
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(server.Host.CertificatePath!));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData);
        using var https = new HttpClient(handler) { BaseAddress = server.Host.HttpsBaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{\"y\":1}\n"), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("plotly-streamtoken", "h2-stream-token");

        using HttpResponseMessage response = await https.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(505, (int)response.StatusCode);
        Assert.Equal("streams need HTTP/1.1, not HTTP/2: e.g. curl --http1.1", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }
}
