using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>Without --public-url, /clientresp's stream-host and url are the address the client used: its scheme, and the
/// host and port of its Host header.</summary>
public sealed class StreamHostTests
{
    [Fact]
    public async Task APlotMadeOverTlsIsToldToStreamOverTls()
    {
        // Before, the answer named the plain-HTTP address whenever there was one: a device set up for HTTPS followed it and
        // sent its stream tokens in the clear.
        await using TestServer server = await TestServer.StartAsync(o => o.HttpsPort = 0);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(server.Host.CertificatePath!));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData);
        using var https = new HttpClient(handler) { BaseAddress = server.Host.HttpsBaseUrl };

        JsonObject overTls = await TestServer.ClientRespAsync(https, """[{"y":[],"stream":{"token":"tls-stream-token"}}]""", """{"filename":"tls"}""");
        JsonObject overHttp = await server.ClientRespAsync("""[{"y":[],"stream":{"token":"http-stream-token"}}]""", """{"filename":"http"}""");

        Assert.Equal($"https://127.0.0.1:{server.Host.HttpsPort}", (string?)overTls["stream-host"]);
        Assert.StartsWith($"https://127.0.0.1:{server.Host.HttpsPort}/p/", (string?)overTls["url"]);
        Assert.Equal($"http://127.0.0.1:{server.Port}", (string?)overHttp["stream-host"]);
    }

    [Fact]
    public async Task ThroughAPortForwardTheAnswerNamesTheForwardAndStreamsComeThroughIt()
    {
        // Before, the answer named the port the server bound (the host of the Host header, but not its port): a device
        // behind NAT or a Docker -p 80:8080 forward streamed past the forward, to a port it cannot reach.
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        await using LaggingProxy forward = LaggingProxy.To(server.Port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{forward.Port}/") };

        JsonObject answer = await TestServer.ClientRespAsync(http, """[{"y":[],"stream":{"token":"forward-stream-token"}}]""", """{"filename":"forward"}""");
        var streamHost = new Uri((string)answer["stream-host"]!);
        int before = forward.Connections;
        RawResponse streamed = await ExchangeAsync(streamHost.Port, System.Text.Encoding.UTF8.GetBytes(StreamHead("forward-stream-token") + Chunk("{\"y\":5}\n") + "0\r\n\r\n"));

        Assert.Equal($"http://127.0.0.1:{forward.Port}", (string?)answer["stream-host"]);
        Assert.StartsWith($"http://127.0.0.1:{forward.Port}/p/", (string?)answer["url"]);
        Assert.Equal(200, streamed.Status);
        Assert.Equal(before + 1, forward.Connections);
        Assert.Equal("[5]", (await server.FigureAsync(new Uri((string)answer["url"]!).AbsolutePath))["data"]![0]!["y"]!.ToJsonString());
    }
}
