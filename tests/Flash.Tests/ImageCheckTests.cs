namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A real run refuses an image that is missing or older than the sources, before it writes anything (it stops
/// before the first nanoff command, so these runs need neither a board nor nanoff).
/// </summary>
public class ImageCheckTests
{
    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void AMissingImageStopsARealRunWithExitCode3(Shell shell)
    {
        string image = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}.bin");
        ScriptResult result = DryRunTests.RunOrSkip(shell, ["--port", "/dev/ttyUSB0", "--config", "tools/flash/device.example.json", "--image", image]);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"the application image {image} is missing", result.Errors);
        Assert.Contains("Visual Studio", result.Errors);
        Assert.DoesNotContain("==", result.Output);
    }

    [SkippableTheory]
    [InlineData(Shell.Bash)]
    [InlineData(Shell.PowerShell)]
    public void AnImageOlderThanTheSourcesStopsARealRunWithExitCode3(Shell shell)
    {
        string image = Path.Combine(Path.GetTempPath(), $"old-image-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(image, [0x4E, 0x46, 0x4D, 0x52]);
        File.SetLastWriteTimeUtc(image, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        try
        {
            ScriptResult result = DryRunTests.RunOrSkip(shell, ["--port", "/dev/ttyUSB0", "--config", "tools/flash/device.example.json", "--image", image]);

            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Contains("is older than ", result.Errors);
            Assert.Contains("so it would not hold the current code", result.Errors);
            Assert.DoesNotContain("==", result.Output);
        }
        finally
        {
            File.Delete(image);
        }
    }
}
