using System.Text.RegularExpressions;

namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>
/// The sample output in tools/virtual-device/README.md begins as the default command's output does: its lines up to
/// the first "..." are the command's first lines, ports, folder and times aside. The sample used to start the log with
/// "starting." where the command first logs the board's "Configuration: reading the command line".
/// </summary>
public sealed partial class ReadmeSampleTests
{
    [Fact]
    public void TheReadmesSampleBeginsAsTheCommandsOutputDoes()
    {
        string readme = File.ReadAllText(Repository.File("tools/virtual-device/README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("```\nstream server (embedded):", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's sample output should start with the embedded server's line");
        string[] sample = readme[(start + 4)..].Split('\n').TakeWhile(line => line != "...").Select(Normalize).ToArray();

        // Its own process: in this one, the embedded server's folder (named after the process) may be another test's.
        using VirtualDeviceProcess device = VirtualDeviceProcess.Start();
        Assert.True(device.WaitForLines(lines => lines.Count >= sample.Length, TimeSpan.FromSeconds(90)), "too few lines:\n" + device.Output);
        string[] actual = device.Output.Split('\n').Take(sample.Length).Select(Normalize).ToArray();
        Assert.Equal(sample, actual);
    }

    // Without what changes from run to run: the time stamp, the port, the temporary folder.
    private static string Normalize(string line) =>
        DataFolder().Replace(Port().Replace(TimeStamp().Replace(line, ""), "127.0.0.1:PORT"), "data in FOLDER");

    [GeneratedRegex(@"^\[\s*[0-9.]+ s\] ")]
    private static partial Regex TimeStamp();

    [GeneratedRegex(@"127\.0\.0\.1:[0-9]+")]
    private static partial Regex Port();

    [GeneratedRegex(@"data in \S+")]
    private static partial Regex DataFolder();
}
