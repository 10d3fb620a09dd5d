using System.Text;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A device.json the board could not use as written is refused before anything is written: exit code 2 and every bad
/// key named, in the firmware's own words (its <see cref="ConfigurationReader"/> is asked here too, and what it says is
/// wrong must appear as it is, without what the board would do about it).
/// </summary>
public class ValidationTests
{
    private const string Wifi = "\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"12345678\"}";
    private const string Server = "\"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\"}";

    /// <summary>Case name, device.json, the key the message must name.</summary>
    public static TheoryData<string, string, string> InvalidFiles() => new()
    {
        { "SSID of 33 bytes", "{\"wifi\": {\"ssid\": \"a-network-name-of-thirty-three-by\"}, " + Server + "}", "wifi.ssid" },
        { "password without SSID", "{\"wifi\": {\"password\": \"12345678\"}, " + Server + "}", "wifi.ssid" },
        { "password of 32 characters but 64 UTF-8 bytes", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"" + new string('é', 32) + "\"}, " + Server + "}", "wifi.password" },
        { "short password", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"1234567\"}, " + Server + "}", "wifi.password" },
        { "ftp server URL", "{" + Wifi + ", \"server\": {\"url\": \"ftp://192.168.1.20\", \"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "server URL with a path", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080/streams\", \"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "IPv6 server URL", "{" + Wifi + ", \"server\": {\"url\": \"http://[::1]:8080\", \"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "server URL with port 99999", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:99999\", \"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "empty server URL", "{" + Wifi + ", \"server\": {\"url\": \"\", \"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "no server URL", "{" + Wifi + ", \"server\": {\"pulseToken\": \"pulse-token-1\"}}", "server.url" },
        { "no pulse token", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\"}}", "server.pulseToken" },
        { "token with a space", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"p 1\"}}", "server.pulseToken" },
        { "ADC2 channel with Wi-Fi", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 12}}", "sensor.adcChannel" },
        { "Hall sensor channel", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 9}}", "sensor.adcChannel" },
        { "MAX30102 at 150 samples/s", "{" + Wifi + ", " + Server + ", \"sensor\": {\"sampleRateHertz\": 150}}", "sensor.sampleRateHertz" },
        { "analog at 200 samples/s", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"sampleRateHertz\": 200}}", "sensor.sampleRateHertz" },
        { "input-only SDA pin", "{" + Wifi + ", " + Server + ", \"sensor\": {\"sdaPin\": 34}}", "sensor.sdaPin" },
        { "SDA on the flash-voltage strapping pin", "{" + Wifi + ", " + Server + ", \"sensor\": {\"sdaPin\": 12}}", "sensor.sdaPin" },
        { "LED on the SDA pin", "{" + Wifi + ", " + Server + ", \"statusLed\": {\"pin\": 21}}", "statusLed.pin" },
        { "number in quotes", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"maxPoints\": \"500\"}}", "server.maxPoints" },
        { "boolean in quotes", "{" + Wifi + ", " + Server + ", \"statusLed\": {\"activeHigh\": \"yes\"}}", "statusLed.activeHigh" },
        { "misspelt key", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"maxpoints\": 500}}", "server.maxpoints" },
        { "text in place of a section", "{\"wifi\": {\"ssid\": \"HomeNetwork\"}, " + Server + ", \"sensor\": \"analog\"}", "sensor" },
        { "plot user without API key", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"user\": \"demo\"}}", "server.apiKey" },
        { "plot user the form cannot carry", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"user\": \"a&b\", \"apiKey\": \"k\"}}", "server.user" },
        { "unknown sensor", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"ppg-9000\"}}", "sensor.type" },
        { "maxPoints of 20 digits (the board's parser reads it as a ulong)", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"maxPoints\": 18446744073709551615}}", "server.maxPoints" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void AnInvalidFileIsRefusedWithExitCode2InTheFirmwaresWords(string name, string json, string key)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, $"{name}: {result}");
        Assert.Contains("nothing was written to the board", result.Errors);
        Assert.Equal("", result.Output);
        ConfigurationProblem[] firmware = [.. FirmwareConfiguration.Problems(FirmwareConfiguration.Read(json))];
        Assert.Contains(key, firmware.Select(problem => problem.Key));
        Assert.All(firmware, problem => Assert.Contains($"\n  {problem.Key}: {problem.Problem}", result.Errors));

        // Not what the board would do about it ("Using the default 30.", "Heart rate is not streamed."), as it did before:
        // after "nothing was written to the board" that read as what the tool did.
        Assert.All(firmware.Where(problem => problem.Consequence.Length > 0),
            problem => Assert.DoesNotContain($"{problem.Problem} {problem.Consequence}", result.Errors));
    }

    // The board runs on with its stored Wi-Fi, without an unknown key, its status LED, its SNTP server or its plot; the tool refuses
    // the file. Before, these messages carried what the board does inside what is wrong ("... The Wi-Fi credentials stored
    // on the device are used.", "; it is ignored."), so the tool printed it, as if it would go on with the network stored before.
    [Theory]
    [InlineData("{\"wifi\": {\"ssid\": \"a-network-name-of-thirty-three-by\"}, " + Server + "}", "wifi.ssid")]
    [InlineData("{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"1234567\"}, " + Server + "}", "wifi.password")]
    [InlineData("{\"wifi\": {\"password\": \"12345678\"}, " + Server + "}", "wifi.ssid")]
    [InlineData("{" + Wifi + ", " + Server + ", \"sensor\": {\"sampleRate\": 100}}", "sensor.sampleRate")]
    [InlineData("{" + Wifi + ", " + Server + ", \"sensor\": \"analog\"}", "sensor")]
    [InlineData("{" + Wifi + ", " + Server + ", \"statusLed\": {\"pin\": 21}}", "statusLed.pin")]
    [InlineData("{" + Wifi + ", " + Server + ", \"time\": {\"sntpServer\": \"ntp://pool.ntp.org\"}}", "time.sntpServer")]
    [InlineData("{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"user\": \"demo\"}}", "server.apiKey")]
    public void WhatTheBoardWouldDoInsteadIsNotSaid(string json, string key)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.Errors.Split('\n'), line => line.StartsWith($"  {key}: ", StringComparison.Ordinal));
        Assert.DoesNotContain("stored on the device", line);
        Assert.DoesNotContain("ignored", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("turned off", line);
        Assert.DoesNotContain("are used", line);
        Assert.DoesNotContain("skipped", line);
    }

    // 0.0.0.0 is what a server on every address is bound to (the stream server prints the addresses a board can use
    // instead); the virtual device on the same computer may use localhost. On a board each of these is the board itself:
    // it would never reach the server.
    [Theory]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0")]
    [InlineData("http://localhost:8080", "localhost")]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1")]
    public void AnAddressThatOnTheBoardIsTheBoardItselfIsRefused(string url, string host)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", "{" + Wifi + ", \"server\": {\"url\": \"" + url + "\", \"pulseToken\": \"pulse-token-1\"}}"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"server.url: names {host}, which on the board is the board itself", result.Errors);
        Assert.Contains("e.g. http://192.168.1.20:8080", result.Errors);
        // Where to find that address: the stream server started on every address prints it (Hosting/EveryAddress.cs).
        Assert.Contains("the stream server started on every address, --urls \"http://*:8080\", prints the addresses a board can use", result.Errors);
    }

    [Fact]
    public void EveryBadKeyOfOneFileIsNamed()
    {
        using var files = new TemporaryFiles();
        string json = "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"short\"}, \"server\": {\"url\": \"ftp://host\", \"pulseToken\": \"pulse-token-1\", \"maxPoints\": 0, \"caCertificateFile\": \"missing.pem\"},"
            + " \"sensor\": {\"type\": \"analog\", \"adcChannel\": 15}, \"statusLed\": {\"pin\": 6}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (string key in new[] { "wifi.password", "server.url", "server.maxPoints", "server.caCertificateFile", "sensor.adcChannel", "statusLed.pin" })
        {
            Assert.Contains($"\n  {key}: ", result.Errors);
        }

        Assert.Contains("\"missing.pem\" is not a file", result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AnEmptyCaCertificatePathIsNamedAsEmpty(string path)
    {
        using var files = new TemporaryFiles();
        string json = "{\"server\": {\"url\": \"https://192.168.1.20:8443\", \"pulseToken\": \"pulse-token-1\", \"caCertificateFile\": \"" + path + "\"}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("server.caCertificateFile: is empty; give the path of the server's CA certificate (PEM), or leave the key out.", result.Errors);
    }

    // The firmware's reader names the key a mistyped one was meant to be (NearestKey in core), so the flash tool says what
    // the board would log; the value of what was meant as the password is still not shown.
    [Fact]
    public void AMistypedKeyIsNamedWithTheKeyItWasMeantToBe()
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"pasword\": \"hunter2-hunter2\"}, " + Server + "}"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("\n  wifi.pasword: is not a key the firmware knows. Did you mean wifi.password? Check its spelling and case", result.Errors);
        Assert.DoesNotContain("hunter2", result.Errors + result.Output);
    }

    // The tool's own key (server.caCertificateFile), which the firmware does not know, gets the same hint by the same rule:
    // before, a slip in it was only "not a key the firmware knows", with nothing to say which key was meant.
    [Theory]
    [InlineData("caCertficateFile")]  // a letter left out
    [InlineData("caCertificateFIle")] // letter case: the key is compared as written
    [InlineData("caCertificateFiel")] // two neighbours swapped
    public void AMistypedKeyOfTheToolsOwnIsNamedWithTheKeyItWasMeantToBe(string typed)
    {
        using var files = new TemporaryFiles();
        string json = "{" + Wifi + ", \"server\": {\"url\": \"https://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"" + typed + "\": \"ca.pem\"}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"\n  server.{typed}: is not a key the firmware knows. Did you mean server.caCertificateFile? Check its spelling", result.Errors);
    }

    [Fact]
    public void AControlCharacterTheBoardCannotReadIsRefusedWithItsKey()
    {
        // Only \b \f \n \r \t reach the board: any other control character would need a \u escape, which its parser refuses.
        using var files = new TemporaryFiles();
        string json = "{\"wifi\": {\"ssid\": \"Home\\u001bNet\", \"password\": \"12345678\"}, " + Server + "}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("\n  wifi.ssid: holds the control character U+001B, which the board cannot read", result.Errors);
        Assert.Contains("nothing was written to the board", result.Errors);
        Assert.Equal("", result.Output);
    }

    // An editor's "ANSI" (Windows-1252) writes é as the one byte 0xE9, which is not UTF-8. Read leniently, it became
    // U+FFFD: the plan said 'Caf\uFFFD-WLAN', exit code 0, and the board was given a network name it would never find.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileThatIsNotUtf8IsRefusedWithTheLineOfTheByte(bool utf8ByteOrderMark)
    {
        using var files = new TemporaryFiles();
        string path = Path.Combine(files.Folder, "device.json");
        File.WriteAllBytes(path, [.. utf8ByteOrderMark ? Encoding.UTF8.Preamble : [], .. Encoding.UTF8.GetBytes("{\n  \"wifi\": {\"ssid\": \"Caf"), 0xE9, .. Encoding.UTF8.GetBytes("-WLAN\", \"password\": \"12345678\"},\n  " + Server + "\n}\n")]);

        ToolResult result = FlashTool.DryRun(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(": line 2 holds the byte 0xE9, which is not UTF-8", result.Errors);
        Assert.Contains("Save it as UTF-8", result.Errors);
        Assert.Equal("", result.Output);
    }

    // What stays readable: UTF-8 with or without a byte-order mark, and UTF-16 with one (Windows PowerShell 5's default).
    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 with BOM")]
    [InlineData("utf-16")]
    public void AUtf8OrUtf16FileIsRead(string encoding)
    {
        using var files = new TemporaryFiles();
        string path = Path.Combine(files.Folder, "device.json");
        string json = "{\"wifi\": {\"ssid\": \"Café-WLAN\", \"password\": \"12345678\"}, " + Server + "}";
        File.WriteAllText(path, json, encoding switch
        {
            "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            "utf-8 with BOM" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            _ => Encoding.Unicode,
        });

        ToolResult result = FlashTool.DryRun(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("store the Wi-Fi network 'Café-WLAN'", result.Output);
    }

    [Fact]
    public void TheToolNeedsANetworkToStoreEvenWhereTheBoardWouldUseAStoredOne()
    {
        using var files = new TemporaryFiles();
        string json = "{" + Server + "}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.Empty(FirmwareConfiguration.Problems(FirmwareConfiguration.Read(json)));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("\n  wifi.ssid: is missing; give the name of the Wi-Fi network", result.Errors);
    }

    [Fact]
    public void AValidMinimalFileIsAccepted()
    {
        using var files = new TemporaryFiles();
        string json = "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 6, \"sampleRateHertz\": 50}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(FirmwareConfiguration.Problems(FirmwareConfiguration.Read(json)).Select(problem => problem.ToString()));
    }

    [Fact]
    public void TheExampleUsesOnlyKnownKeysAndNamesANetwork()
    {
        ConfigurationReader reader = FirmwareConfiguration.Read(File.ReadAllText(Repository.ExampleConfiguration));

        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.True(reader.Settings.HasWifiCredentials, "the example names a network, as the flash tool requires");
    }

    [Fact]
    public void TheToolOnlyKeyIsUnknownToTheBoard()
    {
        Assert.DoesNotContain(DeviceJson.CaCertificateFileKey, ConfigurationKeys.All);
    }

    [Theory]
    [InlineData("{\n  \"wifi\": {\"ssid\": \"HomeNetwork\"}\n  \"server\": {}\n}\n", "is not valid JSON")]
    [InlineData("[1, 2]", "must hold one JSON object")]
    [InlineData("{\"wifi\": {\"ssid\": \"A\", \"ssid\": \"B\"}}", "the key wifi.ssid appears twice")]
    [InlineData("{\"wifi\": {\"ssid\": \"A\"}, \"server\": {\"maxPoints\": 99999999999999999999}}", "server.maxPoints is 99999999999999999999, beyond the whole numbers its JSON parser can hold")]
    [InlineData("{\"wifi\": {\"ssid\": \"A\"}, \"server\": {\"maxPoints\": 9999999999999999999}}", "server.maxPoints is 9999999999999999999, beyond the whole numbers")]
    [InlineData("{\"wifi\": {\"ssid\": \"A\"}, \"sensor\": {\"sdaPin\": -99999999999999999999}}", "sensor.sdaPin is -99999999999999999999, beyond the whole numbers")]
    [InlineData("{\"wifi\": {\"ssid\": \"\\ud83d Home\"}}", "wifi.ssid holds half of a UTF-16 surrogate pair")]
    [InlineData("{\"wifi\": {\"\\udcf6\": \"A\"}}", "a key holds half of a UTF-16 surrogate pair")]
    public void AFileThatIsNotOneJsonObjectIsRefused(string json, string message)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Errors);
        Assert.Contains("Nothing was written to the board", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
    }

    // Before, the place was System.Text.Json's own, counted from 0 ("LineNumber: 2 | BytePositionInLine: 2" for the third
    // line's third character), with advice for a programmer ("Change the reader options", "when isFinalBlock is true").
    [Theory]
    [InlineData("{\n  \"wifi\": {\"ssid\": \"HomeNetwork\"}\n  \"server\": {}\n}\n", "at line 3, column 3: what is written there is invalid after a value")]
    [InlineData("{\r\n  \"wifi\": {\"ssid\": \"A\",}\r\n}", "at line 2, column 24: the JSON object contains a trailing comma at the end: remove it. Check")]
    [InlineData("{\"wifi\": {\"ssid\": \"Café\" \"password\": \"x\"}}", "at line 1, column 26: what is written there is invalid after a value")]
    [InlineData("", "at line 1, column 1: the input does not contain any JSON tokens. Expected the input to start with a valid JSON token. Check")]
    public void AJsonMistakeIsPlacedAsAnEditorShowsIt(string json, string message)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("device.json is not valid JSON " + message, result.Errors);
        Assert.DoesNotContain("LineNumber", result.Errors);
        Assert.DoesNotContain("reader options", result.Errors);
        Assert.DoesNotContain("isFinalBlock", result.Errors);
    }

    // Before: "there is no device.json: copy ... or pass --config FILE", which does not say where it was looked for, to
    // a person who passed --config from another folder than the one device.json is in.
    [Fact]
    public void ARelativeConfigThatIsNotThereIsNamedWithTheFolderItWasLookedFor()
    {
        using var files = new TemporaryFiles();

        ToolResult result = FlashTool.RunIn(files.Folder, Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.Flash.dll"), "--dry-run", "--config", "device.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        string full = Path.Combine(files.Folder, "device.json");
        Assert.Contains($"flash: there is no device.json ({full}: a path given to --config is taken from the current folder): copy tools/flash/device.example.json", result.Errors);
        Assert.DoesNotContain("or pass --config FILE", result.Errors); // it was passed: before, the advice was to pass it
        Assert.EndsWith("or check the path given to --config.\n", result.Errors.ReplaceLineEndings("\n"));
    }

    // Before, both ended with exit code 1 and a stack trace (the folder: "there is no" the file that is there).
    [Fact]
    public void AFolderGivenAsDeviceJsonIsRefusedAsAFolder()
    {
        using var files = new TemporaryFiles();
        string folder = Directory.CreateDirectory(Path.Combine(files.Folder, "device.json")).FullName;

        ToolResult result = FlashTool.DryRun(folder);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{folder} is a folder, not a file: pass --config with the path of your device.json itself", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
    }

    // A file that is there and whose read fails, whoever runs the tool (CI runs as root, which reads any file whatever its
    // mode, and may not be able to hand the tool to another user): the process's own memory read from address 0, an
    // I/O error, as a failing SD card or network share gives.
    [Fact]
    public void ADeviceJsonThatCannotBeReadIsRefusedSayingHowToFixIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("this test reads /proc/self/mem as a file whose read fails: run it on Linux");
        }

        const string config = "/proc/self/mem";

        ToolResult result = FlashTool.DryRun(config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{config} could not be read (", result.Errors);
        Assert.Contains("save it again on a local disk and pass that file with --config", result.Errors);
        Assert.Contains("Nothing was written to the board", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
    }

    // A device.json its user may not read (mode 000) is refused with what to check. Root reads any file whatever its mode,
    // and CI runs the tests as root, so the run is made by another user (UnprivilegedUser).
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ADeviceJsonTheUserMayNotReadIsRefusedSayingHowToFixIt()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string config = files.OwnConfiguration();
        UnprivilegedUser.Own(repository.Root, files.Folder);
        File.SetUnixFileMode(config, UnixFileMode.None);

        ToolResult result = FlashTool.RunToEnd(UnprivilegedUser.Run(repository.Program()), files.Folder, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "device.json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"flash: device.json could not be read (Access to the path '{config}' is denied): your user may not read it; on Linux and macOS "
            + "see ls -l device.json, and chmod u+r device.json if it is yours. Nothing was written to the board.\n", result.Errors);
        Assert.Equal("", result.Output);
    }
}
