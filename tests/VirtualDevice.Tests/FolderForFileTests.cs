namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// A folder given where a file is expected (or a file for a folder) is named as such, with exit code 2: every command
/// used to report it as missing ("does not exist", "no such file", "no such directory"), which sends the user looking
/// for a path that is there.
/// </summary>
public sealed class FolderForFileTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("--source {dir} is a folder, not a file; give a CSV recording or 'synthetic'.", "--source", "{dir}")]
    [InlineData("--config {dir} is a folder, not a file; give the device.json", "--config", "{dir}")]
    [InlineData("--config {dir} is a folder, not a file; give the device.json", "run", "--config", "{dir}")]
    [InlineData("--source {dir} is a folder, not a file; give a CSV recording or 'synthetic'.", "run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--source", "{dir}")]
    [InlineData("{dir} is a folder, not a file.", "analyze", "{dir}", "--time-column", "time", "--ir-column", "ir")]
    [InlineData("{dir} is a folder, not a file (the reference RR intervals", "analyze", "{file}", "--time-column", "time", "--ir-column", "ir", "--reference-rr", "{dir}")]
    [InlineData("{file} is a file, not a folder (expected the welltory data set", "analyze", "--welltory", "{file}")]
    [InlineData("{dir}/subject_01/RR.txt is a folder, not a file (each subject needs RR.txt", "analyze", "--welltory", "{dir}")]
    public void AFolderForAFileIsNamedAsOne(string expected, params string[] arguments)
    {
        string file = _files.Write("recording.csv", "time,ir\n0,1\n");
        Directory.CreateDirectory(Path.Combine(_files.Directory, "subject_01", "RR.txt"));
        string Fill(string text) => text.Replace("{dir}", _files.Directory).Replace("{file}", file);

        CommandRun run = CommandRun.Of(arguments.Select(Fill).ToArray());

        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Error}");
        Assert.Contains(Fill(expected), run.Error);
    }
}
