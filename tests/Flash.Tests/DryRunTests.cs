using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The check the issue names: a dry run with the example configuration prints the nanoff commands for the firmware,
/// the network and file deployments and the application, with the generated files, secrets masked, running nothing.
/// </summary>
public class DryRunTests
{
    private static readonly string[] s_checkCommand = ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "tools/flash/device.example.json"];

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void TheExamplePrintsTheNanoffCommandsInOrder(Shell shell)
    {
        ScriptResult result = RunOrSkip(shell, s_checkCommand);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = Lines(result.Output);
        int update = IndexOf(lines, "nanoff --update --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0", result);
        int network = IndexOf(lines, "nanoff --networkdeployment ", result);
        int files = IndexOf(lines, "nanoff --filedeployment ", result);
        int deploy = IndexOf(lines, "nanoff --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0 --deploy --image ", result);
        Assert.True(update < network && network < files && files < deploy, "firmware, network, file, application in that order:\n" + result.Output);
        Assert.EndsWith("HeartRateStreamer.bin", lines[deploy].TrimEnd('\''));
        Assert.DoesNotContain("--masserase", result.Output);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void SecretsAreMaskedInThePlan(Shell shell)
    {
        ScriptResult result = RunOrSkip(shell, s_checkCommand);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("your-wifi-password", result.Output);
        Assert.DoesNotContain("pulse-stream-token", result.Output);
        Assert.DoesNotContain("the-key-the-stream-server-printed", result.Output);
        Assert.Contains("\"Password\": \"********\"", result.Output);
        Assert.Contains("\"password\": \"********\"", result.Output);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void TheGeneratedFilesAreWhatNanoffAndTheBoardRead(Shell shell)
    {
        ScriptResult result = RunOrSkip(shell, s_checkCommand);
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = Lines(result.Output);

        // nanoFirmwareFlasher's NetworkDeploymentConfiguration: SerialPort, WirelessClient { Ssid, Password, ... }.
        using JsonDocument network = JsonDocument.Parse(BlockAfter(lines, "nanoff --networkdeployment ", result));
        Assert.Equal("/dev/ttyUSB0", network.RootElement.GetProperty("SerialPort").GetString());
        JsonElement client = network.RootElement.GetProperty("WirelessClient");
        Assert.Equal("YourNetwork", client.GetProperty("Ssid").GetString());
        Assert.Equal("AutoConnect", client.GetProperty("ConfigurationOption").GetString());
        Assert.True(client.GetProperty("DhcpEnabled").GetBoolean());

        // nanoFirmwareFlasher's FileDeploymentConfiguration: SerialPort, Files [ { DestinationFilePath, SourceFilePath } ].
        using JsonDocument files = JsonDocument.Parse(BlockAfter(lines, "nanoff --filedeployment ", result));
        JsonElement file = Assert.Single(files.RootElement.GetProperty("Files").EnumerateArray());
        Assert.Equal(@"I:\heartrate.json", file.GetProperty("DestinationFilePath").GetString());
        Assert.EndsWith("heartrate.json", file.GetProperty("SourceFilePath").GetString());

        // The board's configuration file passes the firmware's own reader without a single problem. The plan masks the
        // secrets with '*', which no API key may contain; the real file holds the real values, so letters stand in here.
        string boardFile = BlockAfter(lines, "holding device.json for the board", result).Replace('*', 'x');
        ConfigurationReader reader = FirmwareConfiguration.Read(boardFile);
        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.Equal("192.168.1.20", reader.Settings.Server!.Host);
        Assert.Equal(8080, reader.Settings.Server.Port);
        Assert.Equal("YourNetwork", reader.Settings.WifiSsid);
        Assert.Equal(SensorKind.Max30102, reader.Settings.Sensor);
        Assert.Equal(100, reader.Settings.SampleRateHertz);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void AMissingImageIsNamedAndThePlanIsStillPrinted(Shell shell)
    {
        string image = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}", "HeartRateStreamer.bin");
        ScriptResult result = RunOrSkip(shell, [.. s_checkCommand, "--image", image]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"NOTE: the application image {image} is missing", result.Output);
        Assert.Contains("Visual Studio", result.Output);
        Assert.Contains("A real run stops here with exit code 3", result.Output);
        Assert.Contains($"--deploy --image {image}", result.Output);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void EraseAndSkipFirmwareChangeTheFirmwareStep(Shell shell)
    {
        ScriptResult erase = RunOrSkip(shell, [.. s_checkCommand, "--erase"]);
        ScriptResult skip = RunOrSkip(shell, [.. s_checkCommand, "--skip-firmware", "--target", "ESP32_REV0"]);

        Assert.True(erase.ExitCode == 0, erase.ToString());
        Assert.Contains("nanoff --update --target ESP32_PSRAM_REV0 --serialport /dev/ttyUSB0 --masserase", erase.Output);
        Assert.True(skip.ExitCode == 0, skip.ToString());
        Assert.DoesNotContain("--update", skip.Output);
        Assert.Contains("nanoff --target ESP32_REV0 --serialport /dev/ttyUSB0 --deploy --image ", skip.Output);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void WithoutNanoffThePlanInstallsItFirst(Shell shell)
    {
        ScriptResult result = RunOrSkip(shell, s_checkCommand);
        Skip.If(result.Output.Contains("# 1. flash the nanoCLR firmware"), "nanoff is installed on this machine, so the plan rightly has no install step; the case is checked where it is missing.");

        string[] lines = Lines(result.Output);
        int install = IndexOf(lines, "dotnet tool install -g nanoff", result);
        Assert.True(install < IndexOf(lines, "nanoff --update ", result), "nanoff is installed before it is used");
    }

    internal static ScriptResult RunOrSkip(Shell shell, string[] arguments)
    {
        Skip.If(shell == Shell.PowerShell && !FlashScript.IsPowerShellInstalled, FlashScript.PowerShellMissing);
        return FlashScript.Run(shell, arguments);
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static int IndexOf(string[] lines, string start, ScriptResult result)
    {
        int index = Array.FindIndex(lines, line => line.StartsWith(start, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line starting with '{start}' in:\n{result}");
        return index;
    }

    // The indented lines printed right after the first line containing MARKER: a generated file.
    private static string BlockAfter(string[] lines, string marker, ScriptResult result)
    {
        int index = Array.FindIndex(lines, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line with '{marker}' in:\n{result}");
        return string.Join('\n', lines.Skip(index + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line[4..]));
    }
}
