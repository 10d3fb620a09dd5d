using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The check the issue names: a dry run with the example configuration prints the nanoff commands for the firmware,
/// the network and file deployments and the application, with the generated files, secrets masked, running nothing.
/// </summary>
public class DryRunTests
{
    private const string Example = "tools/flash/device.example.json";

    [Fact]
    public void TheExamplePrintsTheNanoffCommandsInOrder()
    {
        ToolResult result = FlashTool.DryRun(Example);

        Assert.True(result.ExitCode == 0, result.ToString());
        int update = IndexOf(result, "dotnet nanoff --update --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0");
        int network = IndexOf(result, "dotnet nanoff --networkdeployment ");
        int files = IndexOf(result, "dotnet nanoff --filedeployment ");
        int deploy = IndexOf(result, "dotnet nanoff --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0 --deploy --image ");
        Assert.True(update < network && network < files && files < deploy, "firmware, network, file, application in that order:\n" + result.Output);
        Assert.EndsWith("HeartRateStreamer.bin", result.Lines[deploy].TrimEnd('\''));
        Assert.DoesNotContain("--masserase", result.Output);
        Assert.Equal("", result.Errors);
    }

    [Fact]
    public void NanoffIsMadeRunnableAsALocalToolBeforeItIsUsed()
    {
        // What the plan must do depends on the manifest this clone has now: none yet, one without nanoff, or nanoff listed.
        string manifest = Path.Combine(Repository.FlashFolder, "dotnet-tools.json");
        string[] expected = !File.Exists(manifest) ? ["dotnet new tool-manifest", "dotnet tool install nanoff"]
            : File.ReadAllText(manifest).Contains("\"nanoff\"", StringComparison.OrdinalIgnoreCase) ? ["dotnet tool restore"]
            : ["dotnet tool install nanoff"];

        ToolResult result = FlashTool.DryRun(Example);

        Assert.True(result.ExitCode == 0, result.ToString());
        int first = IndexOf(result, "# 1. install nanoff as a local .NET tool");
        Assert.Equal(expected, result.Lines.Skip(first + 1).Take(expected.Length));
        Assert.True(first + expected.Length < IndexOf(result, "dotnet nanoff "), "nanoff is installed before it is used:\n" + result.Output);
        Assert.DoesNotContain(" -g ", result.Output);
    }

    [Fact]
    public void SecretsAreMaskedInThePlan()
    {
        ToolResult result = FlashTool.DryRun(Example);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("your-wifi-password", result.Output);
        Assert.DoesNotContain("pulse-stream-token", result.Output);
        Assert.DoesNotContain("heart-rate-stream-token", result.Output);
        Assert.DoesNotContain("spo2-stream-token", result.Output);
        Assert.DoesNotContain("the-key-the-stream-server-printed", result.Output);
        Assert.Contains("\"Password\": \"********\"", result.Output);
        Assert.Contains("\"password\": \"********\"", result.Output);
        Assert.Contains("\"pulseToken\": \"pu******\"", result.Output);
        Assert.Contains("\"apiKey\": \"th******\"", result.Output);
    }

    [Fact]
    public void TheGeneratedFilesAreWhatNanoffAndTheBoardRead()
    {
        ToolResult result = FlashTool.DryRun(Example);
        Assert.True(result.ExitCode == 0, result.ToString());

        // nanoFirmwareFlasher's NetworkDeploymentConfiguration: SerialPort, WirelessClient { Ssid, Password, ... }.
        using JsonDocument network = JsonDocument.Parse(BlockAfter(result, "network.json, generated:"));
        Assert.Equal("/dev/ttyUSB0", network.RootElement.GetProperty("SerialPort").GetString());
        JsonElement client = network.RootElement.GetProperty("WirelessClient");
        Assert.Equal("YourNetwork", client.GetProperty("Ssid").GetString());
        Assert.Equal("WPA2", client.GetProperty("Authentication").GetString());
        Assert.Equal("AutoConnect", client.GetProperty("ConfigurationOption").GetString());
        Assert.True(client.GetProperty("DhcpEnabled").GetBoolean());
        Assert.False(network.RootElement.TryGetProperty("CACertificatesPath", out _));

        // nanoFirmwareFlasher's FileDeploymentConfiguration: SerialPort, Files [ { DestinationFilePath, SourceFilePath } ].
        using JsonDocument files = JsonDocument.Parse(BlockAfter(result, "files.json, generated:"));
        JsonElement file = Assert.Single(files.RootElement.GetProperty("Files").EnumerateArray());
        Assert.Equal(ConfigurationFile.BoardPath, file.GetProperty("DestinationFilePath").GetString());
        Assert.EndsWith("heartrate.json", file.GetProperty("SourceFilePath").GetString());

        // The board's configuration file passes the firmware's own reader without a single problem. The plan masks the
        // secrets with '*' (a token shows 2 of its characters and 6 stars), which no token or API key may contain; the
        // real file holds the real values, so letters stand in here, enough for the 10 characters a token needs.
        string boardFile = BlockAfter(result, "heartrate.json, generated:").Replace("******", "xxxxxxxxxxxx").Replace('*', 'x');
        ConfigurationReader reader = FirmwareConfiguration.Read(boardFile);
        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.Equal("192.0.2.10", reader.Settings.Server!.Host);
        Assert.Equal(8080, reader.Settings.Server.Port);
        Assert.Equal("YourNetwork", reader.Settings.WifiSsid);
        Assert.Equal(SensorKind.Max30102, reader.Settings.Sensor);
        Assert.Equal(100, reader.Settings.SampleRateHertz);
    }

    [Fact]
    public void AMissingImageIsNamedAndThePlanIsStillPrinted()
    {
        string image = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}", "HeartRateStreamer.bin");
        ToolResult result = FlashTool.DryRun(Example, "--image", image);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"NOTE: the application image {image} is missing", result.Output);
        Assert.Contains("Visual Studio", result.Output);
        Assert.Contains("A real run stops here with exit code 3", result.Output);
        Assert.Contains($"--deploy --image {image}", result.Output);
    }

    [Fact]
    public void EraseAndSkipFirmwareChangeTheFirmwareStep()
    {
        ToolResult erase = FlashTool.DryRun(Example, "--erase");
        ToolResult skip = FlashTool.DryRun(Example, "--skip-firmware", "--target", "ESP32_REV0");

        Assert.True(erase.ExitCode == 0, erase.ToString());
        Assert.Contains("dotnet nanoff --update --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0 --masserase", erase.Output);
        Assert.True(skip.ExitCode == 0, skip.ToString());
        Assert.DoesNotContain("--update", skip.Output);
        Assert.Contains("dotnet nanoff --target ESP32_REV0 --serialport /dev/ttyUSB0 --deploy --image ", skip.Output);
    }

    private static int IndexOf(ToolResult result, string start)
    {
        int index = Array.FindIndex(result.Lines, line => line.StartsWith(start, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line starting with '{start}' in:\n{result}");
        return index;
    }

    // The indented lines printed right after the first line containing MARKER: a generated file.
    internal static string BlockAfter(ToolResult result, string marker)
    {
        int index = Array.FindIndex(result.Lines, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line with '{marker}' in:\n{result}");
        return string.Join('\n', result.Lines.Skip(index + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line[4..]));
    }
}
