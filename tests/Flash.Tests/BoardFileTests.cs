using System.Text;
using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The configuration file the tool writes for the board (with its JSON writer): every value as given, whatever
/// characters it holds, so the board reads back exactly what device.json says; and only the secrets change when masked.
/// </summary>
public class BoardFileTests
{
    [Fact]
    public void ValuesWithQuotesBackslashesAndAccentsReachTheBoardUnchanged()
    {
        using var files = new TemporaryFiles();
        const string Password = "pa\"ss\\wörd+<&>";
        string json = JsonSerializer.Serialize(new
        {
            wifi = new { ssid = "Café \"Home\"", password = Password },
            server = new { url = "http://192.168.1.20:8080", pulseToken = "pulse-token-1", plotName = "Ward 3 monitor (2)" },
        });
        using DeviceFile device = DeviceFile.Load(files.Write("device.json", json));

        string written = Encoding.UTF8.GetString(device.BoardFile(mask: false));
        ConfigurationReader reader = FirmwareConfiguration.Read(written);

        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.Equal("Café \"Home\"", reader.Settings.WifiSsid);
        Assert.Equal(Password, reader.Settings.WifiPassword);
        Assert.Equal("Ward 3 monitor (2)", reader.Settings.PlotName);
        Assert.Contains("wörd+<&>", written);
    }

    [Fact]
    public void AnEmojiOrANonBreakingSpaceReachesTheBoardAsItselfNeverAsAUnicodeEscape()
    {
        // nanoFramework.Json 2.2 refuses the whole file for a \u escape with a hex letter in it (\uD83D, \u00A0).
        using var files = new TemporaryFiles();
        const string Ssid = "\U0001F4F6 Home";
        const string Password = "pass\u00A0word\u00E9";
        const string PlotName = "\u2764\uFE0F pulse\u00A0x\u200B";
        string json = JsonSerializer.Serialize(new
        {
            wifi = new { ssid = Ssid, password = Password },
            server = new { url = "http://192.168.1.20:8080", pulseToken = "pulse-token-1", plotName = PlotName },
        });
        Assert.Contains("\\uD83D", json);
        using DeviceFile device = DeviceFile.Load(files.Write("device.json", json));

        byte[] bytes = device.BoardFile(mask: false);
        string written = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("\\u", written);
        Assert.Contains("\"ssid\": \"\U0001F4F6 Home\"", written);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(written));
        ConfigurationReader reader = FirmwareConfiguration.Read(written);
        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.Equal(Ssid, reader.Settings.WifiSsid);
        Assert.Equal(Password, reader.Settings.WifiPassword);
        Assert.Equal(PlotName, reader.Settings.PlotName);

        // The board takes every text value from the file's own characters (JsonSourceText), and reads the same.
        var source = new JsonSourceText(written);
        Assert.True(source.TryGetText(ConfigurationKeys.WifiSsid, out string ssid));
        Assert.Equal(Ssid, ssid);
    }

    [Fact]
    public void AControlCharacterIsWrittenWithAnEscapeTheBoardDecodes()
    {
        using var files = new TemporaryFiles();
        string json = JsonSerializer.Serialize(new
        {
            wifi = new { ssid = "Home", password = "pass\tword\n1" },
            server = new { url = "http://192.168.1.20:8080", pulseToken = "pulse-token-1" },
        });
        using DeviceFile device = DeviceFile.Load(files.Write("device.json", json));

        string written = Encoding.UTF8.GetString(device.BoardFile(mask: false));

        Assert.Contains("\"password\": \"pass\\tword\\n1\"", written);
        Assert.True(new JsonSourceText(written).TryGetText(ConfigurationKeys.WifiPassword, out string password));
        Assert.Equal("pass\tword\n1", password);
    }

    [Fact]
    public void MaskingChangesOnlyTheSecrets()
    {
        using DeviceFile device = DeviceFile.Load(Repository.ExampleConfiguration);

        using JsonDocument plain = JsonDocument.Parse(device.BoardFile(mask: false));
        using JsonDocument masked = JsonDocument.Parse(device.BoardFile(mask: true));

        Assert.Equal("your-wifi-password", plain.RootElement.GetProperty("wifi").GetProperty("password").GetString());
        Assert.Equal("********", masked.RootElement.GetProperty("wifi").GetProperty("password").GetString());
        Assert.Equal("he******", masked.RootElement.GetProperty("server").GetProperty("heartRateToken").GetString());
        Assert.Equal(plain.RootElement.GetProperty("sensor").GetRawText(), masked.RootElement.GetProperty("sensor").GetRawText());
        Assert.Equal(plain.RootElement.GetProperty("server").GetProperty("url").GetString(), masked.RootElement.GetProperty("server").GetProperty("url").GetString());
    }
}
