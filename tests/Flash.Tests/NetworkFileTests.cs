using System.Text;
using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The Wi-Fi name and password in the network file reach the board's fields whole through nanoff's copy, which takes
/// the first <c>text.Length</c> bytes of the text's UTF-8 form (nf-debugger, Wireless80211ConfigurationProperties'
/// cast to Wireless80211ConfigurationBase). Before, "Café-WLAN" (9 characters, 10 bytes) was stored as "Café-WLA": the
/// board tried that network first on every boot until its own connect from the configuration file replaced it.
/// </summary>
public class NetworkFileTests
{
    [Theory]
    [InlineData("HomeNetwork", "12345678")]
    [InlineData("Café-WLAN", "pässwörd-1")]
    [InlineData("Home \U0001F3E0", "Schlüssel\u00A0123")]
    public void TheNameAndPasswordAreStoredWholeByNanoffsCopy(string ssid, string password)
    {
        DeviceSettings settings = FirmwareConfiguration.Read(
            "{\"wifi\": {\"ssid\": \"" + ssid + "\", \"password\": \"" + password + "\"}, \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\"}}").Settings;

        using JsonDocument network = JsonDocument.Parse(NanoffFiles.Network("/dev/ttyUSB0", settings, null, mask: false));
        JsonElement client = network.RootElement.GetProperty("WirelessClient");

        Assert.Equal(Encoding.UTF8.GetBytes(ssid), StoredByNanoff(client.GetProperty("Ssid").GetString()!));
        Assert.Equal(Encoding.UTF8.GetBytes(password), StoredByNanoff(client.GetProperty("Password").GetString()!));
    }

    // What nanoff puts in the board's NUL-filled field, read as the C string the nanoCLR reads.
    private static byte[] StoredByNanoff(string text) => Encoding.UTF8.GetBytes(text).AsSpan(0, text.Length).TrimEnd((byte)0).ToArray();
}
