namespace HeartRateStreamer.Flash.Tests;

/// <summary>Options the scripts cannot act on end with exit code 2 and say what to do, before touching anything.</summary>
public class OptionTests
{
    public static TheoryData<Shell, string[], string> BadOptions()
    {
        var cases = new (string[] Arguments, string Message)[]
        {
            (["--dry-run", "--bogus"], "unknown option '--bogus'"),
            (["--dry-run", "--port"], "--port needs a value"),
            (["--dry-run", "--port", "--erase"], "--port needs a value"),
            (["--dry-run", "--port", "/dev/ttyUSB0", "--erase", "--skip-firmware", "--config", "tools/flash/device.example.json"], "use one or the other"),
            (["--dry-run", "--port", "/dev/ttyUSB0", "--target", "esp32", "--config", "tools/flash/device.example.json"], "is not a nanoff target name"),
            (["--dry-run", "--port", "/dev/ttyUSB0", "--config", "tools/flash/no-such-device.json"], "copy tools/flash/device.example.json to tools/flash/device.json"),
        };

        var data = new TheoryData<Shell, string[], string>();
        foreach (Shell shell in new[] { Shell.Bash, Shell.PowerShell })
        {
            foreach (var item in cases)
            {
                data.Add(shell, item.Arguments, item.Message);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(BadOptions))]
    public void ABadOptionExitsWith2AndSaysWhy(Shell shell, string[] arguments, string message)
    {
        ScriptResult result = DryRunTests.RunOrSkip(shell, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Errors);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void HelpListsEveryOption(Shell shell)
    {
        ScriptResult result = DryRunTests.RunOrSkip(shell, ["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string option in new[] { "--config", "--port", "--target", "--image", "--erase", "--skip-firmware", "--dry-run" })
        {
            Assert.Contains(option, result.Output);
        }
    }
}
