using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The self-signed certificate for HTTPS on this machine (the npm plotly client sends
/// /clientresp over HTTPS only). Made on first start and kept in the data folder: the .pfx for
/// Kestrel, the .pem for clients to trust (NODE_EXTRA_CA_CERTS=that.pem).</summary>
public static class LoopbackCertificate
{
    public const string PfxFileName = "stream-server-cert.pfx";
    public const string PemFileName = "stream-server-cert.pem";

    public static X509Certificate2 LoadOrCreate(string dataDirectory, out string pemPath)
    {
        string pfxPath = Path.Combine(dataDirectory, PfxFileName);
        pemPath = Path.Combine(dataDirectory, PemFileName);
        if (File.Exists(pfxPath) && File.Exists(pemPath))
        {
            X509Certificate2 existing = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null);
            if (existing.NotAfter > DateTime.Now.AddDays(1))
            {
                return existing;
            }

            existing.Dispose();
        }

        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=HeartRateStreamer stream server (loopback)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddYears(5));

        byte[] pfx = created.Export(X509ContentType.Pfx);
        WritePrivate(pfxPath, pfx);
        File.WriteAllText(pemPath, created.ExportCertificatePem() + "\n");
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    private static void WritePrivate(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        if (!OperatingSystem.IsWindows())
        {
            // The private key: readable by the server's user only.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
