namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// nanoff's file deployment exits 0 when the board did not take the file: it prints "Error deploying content file"
/// and goes on (nanoFirmwareFlasher, FileDeploymentManager.DeployAsync). Before, the tool then said "done" and the
/// board kept its old settings (an old Wi-Fi password, another server). The run succeeds only when nanoff printed the
/// line it prints after writing the file. A stand-in nanoff plays both outcomes.
/// </summary>
public class FileDeploymentTests
{
    // What nanoff prints for one file: "Deploying file SOURCE to DESTINATION..." and then "OK" or, on a new line,
    // the error. The stand-in takes SOURCE from the files.json the tool gave it ($3), as nanoff does.
    private const string Deploy = """
        case "$2" in --filedeployment)
          source=$(sed -n 's/.*"SourceFilePath": *"\([^"]*\)".*/\1/p' "$3")
          printf 'Deploying file %s to I:\\heartrate.json...' "$source"
          printf "$RESULT\n" "$source"
        esac
        exit 0
        """;

    [Fact]
    public void AFileTheBoardDidNotTakeFailsTheRunThoughNanoffExits0()
    {
        ToolResult result = RunWithStandIn("\\nError deploying content file %s to I:\\\\heartrate.json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("Error deploying content file", result.Output);
        Assert.Contains("(write the configuration file I:\\heartrate.json on the board (nanoff file deployment)) failed", result.Errors);
        Assert.Contains("ended with exit code 0 but did not print \"…to I:\\heartrate.json...OK\"", result.Errors);
        Assert.Contains("so the board may keep its old settings", result.Errors);
        Assert.DoesNotContain("deploy the application", result.Output);
        Assert.DoesNotContain("== done", result.Output);
    }

    // nanoff colours its "OK": with DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION set, the codes reach the pipe.
    [Theory]
    [InlineData("OK")]
    [InlineData("\\033[32mOK\\033[37m")]
    public void AFileTheBoardTookLetsTheRunGoOnToTheApplicationAndDone(string ok)
    {
        ToolResult result = RunWithStandIn(ok);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Deploying file .+heartrate\.json to I:\\heartrate\.json\.\.\.(\u001b\[32m)?OK", result.Output);
        Assert.Contains("deploy the application", result.Output);
        Assert.Contains("== done", result.Output);
    }

    private static ToolResult RunWithStandIn(string nanoffResult)
    {
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];
        return repository.RunWithStandInNanoff(Deploy, files.Folder, arguments, ("RESULT", nanoffResult));
    }
}
