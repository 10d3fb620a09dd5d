namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// Without --config the tool reads its repository's tools/flash/device.json, wherever it is run from: not a
/// tools/flash/device.json below the current folder. Each test runs a copy of the built tool inside a repository of
/// its own (<see cref="RepositoryCopy"/>), so it decides whether that repository has a device.json and never touches
/// the real one.
/// </summary>
public class DefaultConfigTests
{
    private static readonly string s_example = File.ReadAllText(Repository.ExampleConfiguration);

    [Fact]
    public void RunFromToolsFlashTheRepositorysDeviceJsonIsFound()
    {
        using var repository = new RepositoryCopy();
        repository.WriteDeviceJson(s_example.Replace("YourNetwork", "RepositoryNetwork"));

        ToolResult result = repository.Run(repository.FlashFolder, "--dry-run", "--port", "/dev/ttyUSB0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  config: tools/flash/device.json (valid)", result.Output);
        Assert.Contains("\"Ssid\": \"RepositoryNetwork\"", result.Output);
    }

    [Fact]
    public void RunFromAnotherFolderItsOwnToolsFlashDeviceJsonIsNotUsed()
    {
        using var repository = new RepositoryCopy();
        repository.WriteDeviceJson(s_example.Replace("YourNetwork", "RepositoryNetwork"));
        using var elsewhere = new TemporaryFiles();
        Directory.CreateDirectory(Path.Combine(elsewhere.Folder, "tools", "flash"));
        elsewhere.Write(Path.Combine("tools", "flash", "device.json"), s_example.Replace("YourNetwork", "SomeoneElsesNetwork"));

        ToolResult result = repository.Run(elsewhere.Folder, "--dry-run", "--port", "/dev/ttyUSB0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"Ssid\": \"RepositoryNetwork\"", result.Output);
        Assert.DoesNotContain("SomeoneElsesNetwork", result.Output);
    }

    [Fact]
    public void WhenTheRepositoryHasNoDeviceJsonTheMessageSaysWhichRepository()
    {
        using var repository = new RepositoryCopy();
        using var elsewhere = new TemporaryFiles();
        Directory.CreateDirectory(Path.Combine(elsewhere.Folder, "tools", "flash"));
        elsewhere.Write(Path.Combine("tools", "flash", "device.json"), s_example);

        ToolResult result = repository.Run(elsewhere.Folder, "--dry-run", "--port", "/dev/ttyUSB0");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"flash: there is no tools/flash/device.json in the repository {repository.Root}: copy tools/flash/device.example.json to tools/flash/device.json"
            + " and put in your Wi-Fi and server, or pass --config FILE\n", result.Errors.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void AGivenConfigIsReadFromTheCurrentFolderAndNamedAsGiven()
    {
        using var repository = new RepositoryCopy();
        using var elsewhere = new TemporaryFiles();
        elsewhere.Write("mine.json", s_example.Replace("YourNetwork", "MyNetwork"));

        ToolResult result = repository.Run(elsewhere.Folder, "--dry-run", "--port", "/dev/ttyUSB0", "--config", "mine.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  config: mine.json (valid)", result.Output);
        Assert.Contains("\"Ssid\": \"MyNetwork\"", result.Output);
    }
}
