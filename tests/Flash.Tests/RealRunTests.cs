namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// Real runs (no --dry-run), as far as they go without a board: a missing or stale image and a missing port stop
/// the run with exit code 3 before any command; with a port that is no board, nanoff (or its installation) fails and
/// the run ends with exit code 4, naming the step, with the failing command's own output.
/// </summary>
public class RealRunTests
{
    [Fact]
    public void AMissingImageOffWindowsSaysToBuildItOnWindowsAndGiveIt()
    {
        // Visual Studio, the one build of the image, runs on Windows only: a Linux or macOS user needs another way to it.
        string image = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}.bin");

        string problem = ApplicationImage.Problem(image, given: false)!;

        Assert.Contains("or pass --image FILE.", problem);
        Assert.Equal(!OperatingSystem.IsWindows(), problem.Contains("Visual Studio runs on Windows only: on Linux or macOS, build the image on a Windows machine and give the file with --image.", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingImageStopsARealRunWithExitCode3()
    {
        using var files = new TemporaryFiles();
        string image = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}.bin");
        ToolResult result = FlashTool.Run("--port", "/dev/ttyUSB0", "--config", files.OwnConfiguration(), "--image", image);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"the application image {image} is missing: check the path given to --image.", result.Errors);
        Assert.Contains("Visual Studio", result.Errors);
        Assert.DoesNotContain("or pass --image FILE", result.Errors); // it was passed: before, the advice was to pass it
        Assert.DoesNotContain("==", result.Output);
    }

    [Fact]
    public void AnImageOlderThanTheSourcesStopsARealRunWithExitCode3()
    {
        using var files = new TemporaryFiles();
        string image = files.FreshImage();
        File.SetLastWriteTimeUtc(image, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        ToolResult result = FlashTool.Run("--port", "/dev/ttyUSB0", "--config", files.OwnConfiguration(), "--image", image);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("is older than ", result.Errors);
        Assert.Contains("so it would not hold the current code", result.Errors);
        Assert.DoesNotContain("==", result.Output);
    }

    [Fact]
    public void APortThatIsNotThereStopsARealRunWithExitCode3()
    {
        using var files = new TemporaryFiles();
        string port = Path.Combine(files.Folder, "ttyUSB7");

        ToolResult result = FlashTool.Run("--port", port, "--config", files.OwnConfiguration(), "--image", files.FreshImage());

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"there is no serial port {port}", result.Errors);
        Assert.DoesNotContain("==", result.Output);
    }

    // The SDK of dotnet-install.sh run by its full path (~/.dotnet/dotnet run --project tools/flash) leaves dotnet off
    // PATH, where the tool's 'dotnet nanoff' looks. Before, Process.Start's exception ended the run with exit code 1 and
    // a stack trace.
    [Fact]
    public void WithoutDotnetOnPathTheRunSaysSoWithExitCode4AndLeavesNoSecrets()
    {
        Assert.False(OperatingSystem.IsWindows(), "this test starts the tool's apphost with a PATH of its own");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = FlashTool.RunToEnd(repository.Program(), files.Folder, arguments, ("PATH", files.Folder));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Matches(@"flash: 'dotnet [^']+' could not be started \(.+\)\. nanoff runs as 'dotnet nanoff': put the folder of the \.NET SDK's dotnet on PATH", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
        Assert.Empty(result.RunFoldersLeft!);
    }

    // The files nanoff reads go to a private folder in the temporary folder. A TMPDIR naming one that does not exist
    // ended the run with exit code 1 and a stack trace.
    [Fact]
    public void ATemporaryFolderThatDoesNotExistStopsARealRunWithExitCode2()
    {
        using var files = new TemporaryFiles();
        string missing = Path.Combine(files.Folder, "no-such-folder");
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = FlashTool.RunToEnd(FlashTool.Program(), Repository.Root, arguments, ("TMPDIR", missing));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"the temporary folder {missing}{Path.DirectorySeparatorChar} cannot take the files nanoff reads", result.Errors);
        Assert.Contains("point TMPDIR (TMP or TEMP on Windows) at a folder that exists and you may write to", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
        Assert.DoesNotContain("==", result.Output);
        Assert.False(Directory.Exists(missing), "nothing made it");
    }

    // A full disk fails the writing of nanoff's files; without filling one, a temporary folder whose private folder
    // can be made but whose files' paths are longer than Linux takes (PATH_MAX, 4096 bytes with the NUL: limits.h)
    // fails the same write, as root too. Before, the IOException ended the run with a stack trace, after nanoff had
    // been installed (and, without --skip-firmware, the firmware flashed).
    [Fact]
    public void AGeneratedFileThatCannotBeWrittenStopsARealRunWithExitCode2BeforeAnyCommand()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test needs Linux's path length limit and a stand-in nanoff (a POSIX shell script)");
        const int PathMax = 4096;
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        // The private folder, <temporary>/heartrate-flash-XXXXXX, fits with room for its lock file (lock.new, renamed lock:
        // WorkFolder.cs) and no more; no file nanoff reads does.
        string temporary = DeepFolder(files.Folder, PathMax - 1 - "/heartrate-flash-XXXXXX".Length - "/lock.new".Length);
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = FlashTool.RunToEnd(repository.WithStandInNanoff("exit 0"), files.Folder, arguments, ("TMPDIR", temporary));

        Assert.True(result.ExitCode == 2, result.ToString());
        string[] said = result.Errors.TrimEnd('\n').Split('\n');
        Assert.Single(said);
        Assert.Matches($@"^flash: the file nanoff reads {System.Text.RegularExpressions.Regex.Escape(temporary)}/heartrate-flash-\w+/network\.json could not be written \(.+\): "
            + "free space in the temporary folder .+ or point TMPDIR .+ Nothing was written to the board\\.$", said[0]);
        Assert.DoesNotContain("==", result.Output);
        Assert.Empty(Directory.GetDirectories(temporary, "heartrate-flash-*"));
    }

    // The private folder is made, but its lock file cannot be (here its path is longer than Linux takes; a full disk
    // does the same). Before, the folder stayed: without a lock no later run removes it.
    [Fact]
    public void APrivateFolderWhoseLockCannotBeMadeIsNotLeftBehind()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test needs Linux's path length limit and a stand-in nanoff (a POSIX shell script)");
        const int PathMax = 4096;
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string temporary = DeepFolder(files.Folder, PathMax - 1 - "/heartrate-flash-XXXXXX".Length);
        string[] arguments = ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = FlashTool.RunToEnd(repository.WithStandInNanoff("exit 0"), files.Folder, arguments, ("TMPDIR", temporary));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot take the files nanoff reads", result.Errors);
        Assert.Empty(Directory.GetDirectories(temporary, "heartrate-flash-*"));
    }

    // A folder inside parent whose path is length characters long, made of folders of at most 200 (NAME_MAX is 255).
    private static string DeepFolder(string parent, int length)
    {
        string folder = parent;
        while (folder.Length < length)
        {
            folder = Path.Combine(folder, new string('d', Math.Min(200, length - folder.Length - 1)));
        }

        return Directory.CreateDirectory(folder).FullName;
    }

    [Fact]
    public void WhenNanoffCannotReachABoardTheRunEndsWithExitCode4AndItsOutput()
    {
        // A port that exists but is no board: a plain file. Installing nanoff fails where NuGet does not serve it (as
        // on the build machine); where it installs, its network deployment to that "port" fails. Both are exit code 4.
        // In a copy of the repository: run in the clone itself, it left its nanoff manifest (and, where NuGet serves
        // nanoff, nanoff) in the clone's tools/flash, so the person's next run restored rather than installed.
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string port = files.Write("ttyUSB0", "");
        string[] arguments = ["--port", port, "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"];

        ToolResult result = FlashTool.RunToEnd(repository.Program(), repository.Root, arguments);

        Assert.True(File.Exists(Path.Combine(repository.FlashFolder, "dotnet-tools.json")), "the run's manifest is the copy's:\n" + result);
        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.StartsWith("== 1. install nanoff as a local .NET tool", result.Output);
        Assert.Matches(@"flash: step \d \(.+\) failed: '.+' ended with exit code \d+; its output is above\.", result.Errors);
        string[] ours = ["== ", "dotnet ", "flash: "];
        string[] commandOutput = [.. (result.Output + "\n" + result.Errors).Split('\n')
            .Where(line => line.Trim().Length > 0 && !ours.Any(start => line.StartsWith(start, StringComparison.Ordinal)))];
        Assert.True(commandOutput.Length > 0, "the failing command's own output is shown:\n" + result);
        Assert.DoesNotContain("test-wifi-password", result.Output);
        Assert.Empty(result.RunFoldersLeft!);
    }
}
