using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace HeartRateStreamer.Configuration;

/// <summary>
/// The server's CA certificate that device.json names (<see cref="DeviceJson.CaCertificateFileKey"/>), read and checked
/// as the board's TLS will take it: PEM, one or more certificates that parse, no private key. The flash tool stores it on
/// the board; the virtual device trusts it alone, as such a board does.
/// </summary>
public sealed class CaCertificateFile
{
    private CaCertificateFile(string path, string pem)
    {
        FullPath = path;
        Pem = pem;
    }

    /// <summary>The file's full path.</summary>
    public string FullPath { get; }

    /// <summary>The file's PEM text, as checked.</summary>
    public string Pem { get; }

    /// <summary>The certificates of the file, to trust.</summary>
    public X509Certificate2Collection Certificates()
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(Pem);
        return certificates;
    }

    /// <summary>
    /// The CA file named in <paramref name="root"/> (device.json's object; a relative path is relative to
    /// <paramref name="configFile"/>'s folder), or null: when the key is absent (<paramref name="problem"/> null), or when
    /// the file cannot be used (<paramref name="problem"/> says why and what to do, without the key's name).
    /// </summary>
    public static CaCertificateFile? Read(JsonElement root, string configFile, out string? problem)
    {
        problem = null;
        string[] path = DeviceJson.CaCertificateFileKey.Split('.');
        if (!root.TryGetProperty(path[0], out JsonElement section) || section.ValueKind != JsonValueKind.Object
            || !section.TryGetProperty(path[1], out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problem = $"must be text in quotes, the path of the server's CA certificate (PEM), not {value.GetRawText()}.";
            return null;
        }

        if (string.IsNullOrWhiteSpace(value.GetString()))
        {
            // Read as a path, "" is device.json's own folder: "is not a file" would not say what is wrong.
            problem = "is empty; give the path of the server's CA certificate (PEM), or leave the key out.";
            return null;
        }

        string file = value.GetString()!;
        string pem;
        try
        {
            file = Path.GetFullPath(value.GetString()!, Path.GetDirectoryName(Path.GetFullPath(configFile))!);
            if (!File.Exists(file))
            {
                problem = $"\"{value.GetString()}\" is not a file; give the path of the server's CA certificate (PEM), absolute or relative to {Path.GetFileName(configFile)}.";
                return null;
            }

            pem = File.ReadAllText(file);
        }
        catch (UnauthorizedAccessException e)
        {
            problem = UnreadableFile.Problem($"\"{value.GetString()}\"", e, file);
            return null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            problem = $"\"{value.GetString()}\" cannot be read ({e.Message.TrimEnd('.')}); give a readable file with the server's CA certificate (PEM).";
            return null;
        }

        if (PemCertificateProblem(pem) is string notPem)
        {
            problem = $"\"{value.GetString()}\" {notPem}";
            return null;
        }

        return new CaCertificateFile(file, pem);
    }

    // The board's TLS library (mbedTLS) takes the stored CA as PEM: one or more "CERTIFICATE" blocks, each one that parses.
    // A file that is anything else would be stored, and every handshake with the server would fail on the board.
    private static string? PemCertificateProblem(string text)
    {
        const string Advice = " give the server's CA certificate as PEM (from DER: openssl x509 -inform der -in ca.der -out ca.pem).";
        int certificates = 0;
        ReadOnlySpan<char> rest = text;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    using X509Certificate2 certificate = X509Certificate2.CreateFromPem(rest[fields.Location]);
                }
                catch (CryptographicException e)
                {
                    return $"holds a CERTIFICATE block that is not a certificate ({e.Message.TrimEnd('.')});" + Advice;
                }

                certificates++;
            }
            else if (rest[fields.Label].Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                return "holds a private key, which must never leave the server; give only the CA's certificate.";
            }

            rest = rest[fields.Location.End..];
        }

        return certificates > 0 ? null : "holds no PEM certificate (-----BEGIN CERTIFICATE-----);" + Advice;
    }
}
