using HeartRateStreamer.StreamServer.Hosting;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>The embedded server with HTTPS on a free loopback port too, under the self-signed certificate it makes.</summary>
public sealed class HttpsEmbeddedServer : EmbeddedServer
{
    /// <inheritdoc />
    protected override int? HttpsPort => 0;

    /// <summary>The HTTPS address, https://127.0.0.1:PORT.</summary>
    public string HttpsUrl => Host.HttpsBaseUrl!.GetLeftPart(UriPartial.Authority);

    /// <summary>The server's certificate as PEM, the CA a board would be given for it.</summary>
    public string CertificatePemFile => Path.Combine(DataDirectory, LoopbackCertificate.PemFileName);
}
