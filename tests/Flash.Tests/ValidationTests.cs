using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A device.json the board could not use is refused before anything is written: exit code 2 and a message that
/// names the key. Where the firmware would also complain about the value, its own reader is asked too, so the tool
/// and the board keep one set of rules.
/// </summary>
public class ValidationTests
{
    private const string Wifi = "\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"12345678\"}";
    private const string Server = "\"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\"}";

    /// <summary>Case name, device.json, the key the message must name, whether the firmware refuses it too.</summary>
    public static TheoryData<Shell, string, string, string, bool> InvalidFiles()
    {
        var cases = new (string Name, string Json, string Key, bool FirmwareRefuses)[]
        {
            ("no SSID", "{\"wifi\": {\"password\": \"12345678\"}, " + Server + "}", "wifi.ssid", true),
            ("SSID of 33 bytes", "{\"wifi\": {\"ssid\": \"a-network-name-of-thirty-three-by\"}, " + Server + "}", "wifi.ssid", true),
            ("short password", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"1234567\"}, " + Server + "}", "wifi.password", true),
            ("ftp server URL", "{" + Wifi + ", \"server\": {\"url\": \"ftp://192.168.1.20\", \"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("server URL with a path", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080/streams\", \"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("IPv6 server URL", "{" + Wifi + ", \"server\": {\"url\": \"http://[::1]:8080\", \"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("server URL with port 99999", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:99999\", \"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("empty server URL", "{" + Wifi + ", \"server\": {\"url\": \"\", \"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("no server URL", "{" + Wifi + ", \"server\": {\"pulseToken\": \"pulse-token-1\"}}", "server.url", true),
            ("no pulse token", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\"}}", "server.pulseToken", true),
            ("token with a space", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"p 1\"}}", "server.pulseToken", true),
            ("ADC2 channel with Wi-Fi", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 12}}", "sensor.adcChannel", true),
            ("Hall sensor channel", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 9}}", "sensor.adcChannel", true),
            ("MAX30102 at 150 samples/s", "{" + Wifi + ", " + Server + ", \"sensor\": {\"sampleRateHertz\": 150}}", "sensor.sampleRateHertz", true),
            ("input-only SDA pin", "{" + Wifi + ", " + Server + ", \"sensor\": {\"sdaPin\": 34}}", "sensor.sdaPin", true),
            ("LED on the SDA pin", "{" + Wifi + ", " + Server + ", \"statusLed\": {\"pin\": 21}}", "statusLed.pin", true),
            ("number in quotes", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"maxPoints\": \"500\"}}", "server.maxPoints", true),
            ("boolean in quotes", "{" + Wifi + ", " + Server + ", \"statusLed\": {\"activeHigh\": \"yes\"}}", "statusLed.activeHigh", true),
            ("misspelt key", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"maxpoints\": 500}}", "server.maxpoints", true),
            ("text in place of a section", "{\"wifi\": \"HomeNetwork\", " + Server + "}", "wifi", true),
            ("plot user without API key", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"user\": \"demo\"}}", "server.apiKey", true),
            ("plot user the form cannot carry", "{" + Wifi + ", \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\", \"user\": \"a&b\", \"apiKey\": \"k\"}}", "server.user", true),
            ("unknown sensor", "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"ppg-9000\"}}", "sensor.type", true),
        };

        var data = new TheoryData<Shell, string, string, string, bool>();
        foreach (Shell shell in new[] { Shell.Bash, Shell.PowerShell })
        {
            foreach (var item in cases)
            {
                data.Add(shell, item.Name, item.Json, item.Key, item.FirmwareRefuses);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(InvalidFiles))]
    public void AnInvalidFileIsRefusedWithExitCode2NamingTheKey(Shell shell, string name, string json, string key, bool firmwareRefuses)
    {
        string path = FlashScript.WriteConfiguration(json);
        try
        {
            ScriptResult result = DryRunTests.RunOrSkip(shell, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", path]);

            Assert.True(result.ExitCode == 2, $"{name}: {result}");
            Assert.Contains("nothing was written to the board", result.Errors);
            Assert.Contains($"  {key}: ", result.Errors);
            Assert.Equal("", result.Output);
        }
        finally
        {
            File.Delete(path);
        }

        if (firmwareRefuses)
        {
            ConfigurationReader reader = FirmwareConfiguration.Read(json);
            Assert.Contains(key, FirmwareConfiguration.Problems(reader).Select(problem => problem.Key));
        }
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void AValidMinimalFileIsAccepted(Shell shell)
    {
        string json = "{" + Wifi + ", " + Server + ", \"sensor\": {\"type\": \"analog\", \"adcChannel\": 6, \"sampleRateHertz\": 150}}";
        string path = FlashScript.WriteConfiguration(json);
        try
        {
            ScriptResult result = DryRunTests.RunOrSkip(shell, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", path]);

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Empty(FirmwareConfiguration.Problems(FirmwareConfiguration.Read(json)).Select(problem => problem.ToString()));
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void BrokenJsonIsRefusedWithWhereItBroke(Shell shell)
    {
        string path = FlashScript.WriteConfiguration("{\n  \"wifi\": {\"ssid\": \"HomeNetwork\"}\n  \"server\": {}\n}\n");
        try
        {
            ScriptResult result = DryRunTests.RunOrSkip(shell, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", path]);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("is not valid JSON", result.Errors);
            if (shell == Shell.Bash)
            {
                Assert.Contains("line 3, column 3: expected ',' or '}' after the value of \"wifi\" (a missing comma?)", result.Errors);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void AListInPlaceOfTheObjectIsRefused(Shell shell)
    {
        string path = FlashScript.WriteConfiguration("[1, 2]");
        try
        {
            ScriptResult result = DryRunTests.RunOrSkip(shell, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", path]);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("must hold one JSON object", result.Errors);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
