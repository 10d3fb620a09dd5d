namespace HeartRateStreamer.Flash.Tests;

/// <summary>Options the tool cannot act on end with exit code 2 and say what to do, before touching anything.</summary>
public class OptionTests
{
    public static TheoryData<string[], string> BadOptions() => new()
    {
        { ["--dry-run", "--bogus"], "'--bogus'" },
        { ["--dry-run", "--port"], "'--port'" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--erase", "--skip-firmware", "--config", "tools/flash/device.example.json"], "use one or the other" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--target", "esp32", "--config", "tools/flash/device.example.json"], "is not a nanoff target name" },
        { ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "tools/flash/no-such-device.json"], "copy tools/flash/device.example.json to tools/flash/device.json" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ABadOptionExitsWith2AndSaysWhy(string[] arguments, string message)
    {
        ToolResult result = FlashTool.Run(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Errors);
        Assert.Equal("", result.Output);
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

        Assert.Contains("Exit codes: 0 done; 2 bad option or device.json; 3 ", result.Output);
    }
}
