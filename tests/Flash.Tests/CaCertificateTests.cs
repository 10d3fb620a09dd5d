using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// <c>server.caCertificateFile</c>: what goes to the board is a checked PEM certificate, ending in the NUL byte its
/// mbedTLS needs to read PEM (nanoff means to add it and does not: its CheckNullPemTermination resizes a copy), and a
/// file the board could not use is refused before anything is written, saying what to give instead.
/// </summary>
public class CaCertificateTests
{
    private const string Config = """{"wifi": {"ssid": "Home", "password": ""}, "server": {"url": "https://example.org", "pulseToken": "pulse-token-1", "caCertificateFile": "server-ca.pem"}}""";

    [Fact]
    public void TheCertificateGoesWithTheNetworkEndingInNulAndNeverIntoTheBoardsFile()
    {
        using var files = new TemporaryFiles();
        string pem = SelfSignedPem();
        files.Write("server-ca.pem", pem);

        ToolResult result = FlashTool.DryRun(files.Write("device.json", Config));

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument network = JsonDocument.Parse(DryRunTests.BlockAfter(result, "network.json, generated:"));
        string copy = network.RootElement.GetProperty("CACertificatesPath").GetString()!;
        Assert.EndsWith("server-ca.pem", copy);
        Assert.Contains($"{copy}, generated: {Path.Combine(files.Folder, "server-ca.pem")} and the NUL byte the board needs after PEM ({pem.Length + 1} bytes)", result.Output);
        Assert.Equal("Open", network.RootElement.GetProperty("WirelessClient").GetProperty("Authentication").GetString());
        using JsonDocument board = JsonDocument.Parse(DryRunTests.BlockAfter(result, "heartrate.json, generated:"));
        Assert.False(board.RootElement.GetProperty("server").TryGetProperty("caCertificateFile", out _));
    }

    [Fact]
    public void ARealRunHandsNanoffThePemAndANul()
    {
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string pem = SelfSignedPem();
        files.Write("server-ca.pem", pem);
        string seen = Path.Combine(files.Folder, "ca-seen");
        // The stand-in keeps the CA file it was given (the tool deletes its folder at the end) and fails the run there.
        const string KeepCa = """
            ca=$(sed -n 's/.*"CACertificatesPath": *"\([^"]*\)".*/\1/p' "$3")
            cp "$ca" "$CA_SEEN"; exit 1
            """;
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.Write("device.json", Config), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = repository.RunWithStandInNanoff(KeepCa, files.Folder, arguments, ("CA_SEEN", seen));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Equal([.. System.Text.Encoding.ASCII.GetBytes(pem), 0], File.ReadAllBytes(seen));
    }

    [Fact]
    public void AnHttpsServerWithoutACertificateIsNotedButNotRefused()
    {
        // The board may hold a CA from an earlier run, which nanoff leaves as it is: a note, not a refusal.
        using var files = new TemporaryFiles();
        ToolResult https = FlashTool.DryRun(files.Write("device.json", Config.Replace(", \"caCertificateFile\": \"server-ca.pem\"", "")));
        ToolResult http = FlashTool.DryRun(files.Write("device.json", Config.Replace(", \"caCertificateFile\": \"server-ca.pem\"", "").Replace("https:", "http:")));

        Assert.True(https.ExitCode == 0, https.ToString());
        Assert.Contains("NOTE: server.url is https and server.caCertificateFile is not set: the board checks the server against the CA certificate it stored earlier", https.Output);
        Assert.True(http.ExitCode == 0, http.ToString());
        Assert.DoesNotContain("is not set", http.Output);
    }

    [Theory]
    [InlineData("der", "holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the server's CA certificate as PEM (from DER: openssl x509")]
    [InlineData("key", "holds a private key, which must never leave the server")]
    [InlineData("broken", "holds a CERTIFICATE block that is not a certificate")]
    public void AFileTheBoardCouldNotUseIsRefusedBeforeAnythingIsWritten(string kind, string message)
    {
        using var files = new TemporaryFiles();
        string pem = SelfSignedPem();
        string path = Path.Combine(files.Folder, "server-ca.pem");
        switch (kind)
        {
            case "der":
                File.WriteAllBytes(path, X509Certificate2.CreateFromPem(pem).RawData);
                break;
            case "key":
                using (var key = ECDsa.Create())
                {
                    File.WriteAllText(path, pem + key.ExportPkcs8PrivateKeyPem());
                }

                break;
            default:
                // Valid base64, but not a certificate's DER.
                File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n");
                break;
        }

        ToolResult result = FlashTool.DryRun(files.Write("device.json", Config));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("server.caCertificateFile: \"server-ca.pem\" " + message, result.Errors);
        Assert.Contains("nothing was written to the board", result.Errors);
    }

    [Fact]
    public void APathNoFileCanHaveIsRefusedWithItsReasonNotACrash()
    {
        using var files = new TemporaryFiles();

        ToolResult result = FlashTool.DryRun(files.Write("device.json", Config.Replace("server-ca.pem", "server\\u0000ca.pem")));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("server.caCertificateFile: \"server\0ca.pem\" cannot be read (", result.Errors);
    }

    private static string SelfSignedPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=HeartRateStreamer test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem() + "\n";
    }
}
