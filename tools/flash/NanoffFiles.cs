using System.Text;
using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>
/// The files nanoff reads for its deployments, in nanoFirmwareFlasher's formats: <c>--networkdeployment</c> takes a
/// NetworkDeploymentConfiguration (SerialPort, WirelessClient, CACertificatesPath), <c>--filedeployment</c> a
/// FileDeploymentConfiguration (SerialPort, Files with DestinationFilePath and SourceFilePath).
/// </summary>
internal static class NanoffFiles
{
    /// <summary>The Wi-Fi client the board joins at boot (WPA2, or open without a password; DHCP), and the CA it checks TLS servers against.</summary>
    public static byte[] Network(string port, DeviceSettings settings, string? caCertificateFile, bool mask)
    {
        bool open = settings.WifiPassword.Length == 0;
        return Write(writer =>
        {
            writer.WriteString("SerialPort", port);
            writer.WriteStartObject("WirelessClient");
            writer.WriteString("Ssid", AsNanoffCopiesIt(settings.WifiSsid));
            writer.WriteString("Password", mask ? Secrets.Mask(ConfigurationKeys.WifiPassword, settings.WifiPassword) : AsNanoffCopiesIt(settings.WifiPassword));
            writer.WriteString("Authentication", open ? "Open" : "WPA2");
            writer.WriteString("Encryption", open ? "None" : "WPA2");
            writer.WriteString("ConfigurationOption", "AutoConnect");
            writer.WriteBoolean("DhcpEnabled", true);
            writer.WriteEndObject();
            if (caCertificateFile != null)
            {
                writer.WriteString("CACertificatesPath", caCertificateFile);
            }
        });
    }

    /// <summary>
    /// <paramref name="text"/> followed by as many NULs as its UTF-8 form has bytes beyond its UTF-16 length. nanoff
    /// copies a Wi-Fi name or password into the board's field as the first <c>text.Length</c> bytes of its UTF-8 form
    /// (nf-debugger, Wireless80211ConfigurationProperties' cast to Wireless80211ConfigurationBase), so "Café-WLAN" would
    /// be stored as "Café-WLA", a network the board never finds. With the NULs the counts are equal and every byte of
    /// the text is copied, and the NULs' own bytes fall beyond it in a NUL-filled field. A nanoff that copied the whole UTF-8
    /// form instead would store the same only while text and NULs fit the field (a 31-byte name of 15 'é' would not), so
    /// this rests on the copy rule of the nanoff version the tool's manifest records (tools/flash/README.md, step 1).
    /// </summary>
    internal static string AsNanoffCopiesIt(string text) => text + new string('\0', Encoding.UTF8.GetByteCount(text) - text.Length);

    /// <summary>
    /// The CA certificate file for <c>CACertificatesPath</c>: the PEM text and a NUL byte. The board's mbedTLS reads a
    /// stored certificate as PEM only when its last byte is NUL (mbedtls_x509_crt_parse), and nanoff's own
    /// CheckNullPemTermination means to add it but resizes a copy of the array, so without it the board cannot read the
    /// CA and every handshake fails.
    /// </summary>
    public static byte[] CaCertificate(string pem) => [.. Encoding.ASCII.GetBytes(pem), 0];

    /// <summary>Copies <paramref name="configurationFile"/> to the board's <see cref="ConfigurationFile.BoardPath"/>.</summary>
    public static byte[] Files(string port, string configurationFile) => Write(writer =>
    {
        writer.WriteString("SerialPort", port);
        writer.WriteStartArray("Files");
        writer.WriteStartObject();
        writer.WriteString("DestinationFilePath", ConfigurationFile.BoardPath);
        writer.WriteString("SourceFilePath", configurationFile);
        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    private static byte[] Write(Action<Utf8JsonWriter> properties) => JsonFile.Write(writer =>
    {
        writer.WriteStartObject();
        properties(writer);
        writer.WriteEndObject();
    });
}
