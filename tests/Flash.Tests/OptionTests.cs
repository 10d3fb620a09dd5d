namespace HeartRateStreamer.Flash.Tests;

/// <summary>Options the tool cannot act on end with exit code 2 and say what to do, before touching anything.</summary>
public class OptionTests
{
    public static TheoryData<string[], string> BadOptions() => new()
    {
        { ["--dry-run", "--bogus"], "flash: --bogus is not an option of this tool." },
        { ["--dryrun"], "flash: --dryrun is not an option of this tool. Did you mean --dry-run?" },
        { ["--dry-run", "--prot=/dev/ttyUSB0"], "flash: --prot=... is not an option of this tool. Did you mean --port?" },
        { ["--dry-run", "--prot:/dev/ttyUSB0"], "flash: --prot:... is not an option of this tool. Did you mean --port?" },
        { ["--dry-run", "--port"], "'--port'" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--erase", "--skip-firmware", "--config", "tools/flash/device.example.json"], "use one or the other" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--target", "ESP32-S3", "--config", "tools/flash/device.example.json"], "--target 'ESP32-S3' is not a nanoff target name: '-' is not allowed, only letters, digits and _" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--target", "ESP32 S3", "--config", "tools/flash/device.example.json"], "--target 'ESP32 S3' is not a nanoff target name: a space is not allowed" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--target", "", "--config", "tools/flash/device.example.json"], "--target needs a name, e.g. ESP32_PSRAM_REV0" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "tools/flash/no-such-device.json"], "copy tools/flash/device.example.json there and put in your Wi-Fi and server, or check the path given to --config." },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--config", ""], "--config needs the path of your device.json, or leave --config out for tools/flash/device.json" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "  "], "--config needs the path of your device.json" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "tools/flash/device.example.json", "--image", ""], "--image needs the path of HeartRateStreamer.bin" },
        { ["--dry-run", "--port", "", "--config", "tools/flash/device.example.json"], "--port needs the board's serial port" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ABadOptionExitsWith2AndSaysWhy(string[] arguments, string message)
    {
        ToolResult result = FlashTool.Run(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
        Assert.Equal("", result.Output);
    }

    // Before, System.CommandLine's "Unrecognized command or argument 'hunter2-wifi'" printed the password back.
    [Theory]
    [InlineData("--wifi-password hunter2-wifi", "hunter2-wifi")]
    [InlineData("--api-key=hunter2-api-key", "hunter2-api-key")]
    [InlineData("--api-key:hunter2-api-key", "hunter2-api-key")] // System.CommandLine's other form of a value
    [InlineData("--password hunter2-wifi --token pulse-token-1234", "hunter2-wifi pulse-token-1234")]
    public void ASecretTypedOnTheCommandLineIsNotPrintedBack(string typed, string secrets)
    {
        ToolResult result = FlashTool.Run(["--dry-run", .. typed.Split(' ')]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"flash: {typed.Split(' ', '=', ':')[0]}", result.Errors);
        Assert.Contains(" is not an option of this tool.", result.Errors);
        Assert.Contains("the Wi-Fi password, the stream tokens and the API key go in device.json (--config FILE), never on the command line", result.Errors);
        foreach (string secret in secrets.Split(' '))
        {
            Assert.DoesNotContain(secret, result.ToString());
        }
    }

    // System.CommandLine reads "@FILE" as a file of arguments: "@device.json" (for --config) printed every word of the
    // file it did not know, the Wi-Fi password and the API key among them.
    [Fact]
    public void DeviceJsonGivenAsAnArgumentFileIsNotPrintedBack()
    {
        using var files = new TemporaryFiles();
        string config = files.Write("device.json", File.ReadAllText(Repository.ExampleConfiguration).Replace("your-wifi-password", "hunter2-wifi"));

        ToolResult result = FlashTool.Run("@" + config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("words are neither an option nor an option's value; not shown", result.Errors);
        Assert.DoesNotContain("hunter2-wifi", result.ToString());
        Assert.DoesNotContain("the-key-the-stream-server-printed", result.ToString());
    }

    [Theory]
    [InlineData("M5Core2")]
    [InlineData("M5StickC")]
    [InlineData("ESP32_S3_QUAD")]
    public void ATargetNameInMixedCaseIsNanoffsOwnAndIsPassedOn(string target)
    {
        // nanoff's own names are not all capitals (M5Core2, M5StickC, IngenuityMicro_...); it picks the platform by their start.
        ToolResult result = FlashTool.DryRun(Repository.ExampleConfiguration, "--target", target);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"dotnet nanoff --update --target {target} --serialport /dev/ttyUSB0", result.Output);
    }

    [Fact]
    public void HelpListsEveryOptionAndTheExitCodes()
    {
        ToolResult result = FlashTool.Run("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string option in new[] { "--config", "--port", "--target", "--image", "--erase", "--skip-firmware", "--dry-run" })
        {
            Assert.Contains(option, result.Output);
        }

        Assert.Contains("Exit codes: 0 done; 2 bad option, device.json or TMPDIR; 3 ", result.Output);
        Assert.Contains("130 stopped by Ctrl+C", result.Output);
    }

    // Words the tool does not know are refused (exit code 2), yet the help's usage offered "[[--] <additional arguments>...]"
    // and an "Additional Arguments" section, "passed to the application that is being run": System.CommandLine's default
    // for a command that leaves unknown words to its own check.
    [Fact]
    public void HelpOffersNoArgumentsTheToolRefuses()
    {
        ToolResult result = FlashTool.Run("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("additional arguments", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Usage:\n  dotnet run --project tools/flash -- [options]\n", result.Output.Replace("\r\n", "\n"));
        Assert.Equal(2, FlashTool.Run("--dry-run", "--", "extra").ExitCode);
    }

    // Windows' help has CRLF line ends: the usage line's replacement once took the line's \r with it, leaving a bare \n.
    [Fact]
    public void HelpWithCrlfLineEndsKeepsThemAroundTheUsageLine()
    {
        const string Help = "Description:\r\n  Flashes a board.\r\n\r\nUsage:\r\n  flash [options] [[--] <additional arguments>...]\r\n\r\n"
            + "Options:\r\n  --dry-run  print the plan\r\n\r\nAdditional Arguments:\r\n  Arguments passed to the application that is being run.\r\n";

        string shown = FlashCommandLine.WithoutAdditionalArguments(Help);

        Assert.Contains("\r\n\r\nUsage:\r\n  dotnet run --project tools/flash -- [options]\r\n\r\nOptions:\r\n  --dry-run  print the plan", shown);
        Assert.DoesNotContain("additional arguments", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void HelpSaysTheDefaultTargetIsTheOriginalEsp32sAndS2S3C3AreNotSupportedYet()
    {
        // As the READMEs say: the pin checks are the original ESP32's; the help once said the image ran on every variant.
        string help = string.Join(" ", FlashTool.Run("--help").Output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains("ESP32_PSRAM_REV0 runs on every board with the original ESP32 chip", help);
        Assert.Contains("ESP32-S2/S3/C3 are not supported yet", help);
        Assert.DoesNotContain("every ESP32 variant", help);
    }
}
