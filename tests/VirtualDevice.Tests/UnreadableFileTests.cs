using System.Runtime.Versioning;
using HeartRateStreamer.PermissionTesting;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// A file or folder named on the command line (or by the device.json it names) that its user may not read is refused
/// with exit code 2, the file named, that the user may not read it and what to do, and no usage: a file's problem.
/// Such a device.json or recording used to end the process with an unhandled UnauthorizedAccessException, and analyze
/// said only .NET's "Access to the path ... is denied". Root reads whatever the modes say, and CI runs the tests as
/// root, so the built tool runs as another user (<see cref="UnprivilegedUser"/>), from the test's folder.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UnreadableFileTests : IDisposable
{
    private const string Server = "http://127.0.0.1:9"; // never reached: the file is read before any connection
    private readonly TemporaryFiles _files = new();
    private readonly List<string> _closed = [];

    public UnreadableFileTests()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv, the modes are Unix's");
        _files.Write("device.json", "{}");
        _files.Write("recording.csv", "time,ir\n0,1000\n10,1001\n20,1002\n");
        _files.Write("unread.csv", "time,ir\n0,1000\n10,1001\n20,1002\n");
        _files.Write("RR.txt", "800 800 800\n");
        _files.Write("ca.json", """{"server": {"url": "https://127.0.0.1:9", "pulseToken": "pulse-token-1", "caCertificateFile": "ca.pem"}}""");
        _files.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
        _files.Write("welltory/subject_01/RR.txt", "800 800 800\n");
        _files.Write("welltory/subject_01/PPG.csv", "time,R,G,B\n0,100,50,20\n33,101,50,20\n");
        UnprivilegedUser.Own(_files.Directory);
        // The tool's build folder, which nobody reads the program from when the tests run as root (as any other user the
        // run is that user's own, whose home folder others need not reach).
        if (Environment.IsPrivilegedProcess)
        {
            UnprivilegedUser.RequireReachable(VirtualDeviceProcess.BuildFolder, UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    // Modes back, so the folder can be deleted by a user who is not root.
    public void Dispose()
    {
        foreach (string path in _closed)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _files.Dispose();
    }

    [Theory]
    [InlineData("device.json", "virtual-device", "--config", "device.json")]
    [InlineData("device.json", "run", "run", "--config", "device.json")]
    [InlineData("unread.csv", "virtual-device", "--source", "unread.csv")]
    [InlineData("unread.csv", "run", "run", "--server", Server, "--token", "pulse-token-1", "--source", "unread.csv")]
    [InlineData("unread.csv", "analyze: error", "analyze", "unread.csv", "--time-column", "time", "--ir-column", "ir")]
    [InlineData("RR.txt", "analyze: error", "analyze", "recording.csv", "--time-column", "time", "--ir-column", "ir", "--reference-rr", "RR.txt")]
    [InlineData("welltory/subject_01/RR.txt", "analyze: error", "analyze", "--welltory", "welltory")]
    [InlineData("welltory/subject_01/PPG.csv", "analyze: error", "analyze", "--welltory", "welltory")]
    public void AFileTheUserMayNotReadIsRefusedSayingSo(string unreadable, string prefix, params string[] arguments)
    {
        Close(unreadable);

        CommandRun run = RunAsTheUnprivilegedUser(arguments);

        AssertRefused(run, $"{prefix}: {unreadable} could not be read (Access to the path '{Path.Combine(_files.Directory, unreadable)}' is denied): your user may not read it; "
            + $"on Linux and macOS see ls -l {unreadable}, and chmod u+r {unreadable} if it is yours.");
    }

    // The welltory folder itself, or a subject's: one its user may not open would hide RR.txt as "no such file".
    [Theory]
    [InlineData("welltory")]
    [InlineData("welltory/subject_01")]
    public void AFolderTheUserMayNotListIsRefusedSayingSo(string unreadable)
    {
        Close(unreadable);

        CommandRun run = RunAsTheUnprivilegedUser("analyze", "--welltory", "welltory");

        AssertRefused(run, $"analyze: error: {unreadable} could not be listed (Access to the path '{Path.Combine(_files.Directory, unreadable)}' is denied): your user may not read it; "
            + $"on Linux and macOS see ls -ld {unreadable}, and chmod u+rx {unreadable} if it is yours.");
    }

    // A folder its user may list but not enter (r--): its names show, yet what is in it read as "no such file".
    [Theory]
    [InlineData("welltory")]
    [InlineData("welltory/subject_01")]
    public void AFolderTheUserMayListButNotEnterIsRefusedSayingSo(string unentered)
    {
        Close(unentered, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CommandRun run = RunAsTheUnprivilegedUser("analyze", "--welltory", "welltory");

        AssertRefused(run, $"analyze: error: {unentered} could not be entered: your user may list it but not open what is in it; "
            + $"on Linux and macOS see ls -ld {unentered}, and chmod u+x {unentered} if it is yours.");
    }

    // server.caCertificateFile is read as the flash tool reads it, relative to device.json, so the advice names its full path.
    [Theory]
    [InlineData("virtual-device")]
    [InlineData("run")]
    public void ACaCertificateFileTheUserMayNotReadIsRefusedSayingSo(string command)
    {
        Close("ca.pem");
        string[] arguments = command == "run" ? ["run", "--config", "ca.json"] : ["--config", "ca.json"];

        CommandRun run = RunAsTheUnprivilegedUser(arguments);

        string ca = Path.Combine(_files.Directory, "ca.pem");
        AssertRefused(run, $"{command}: ca.json: server.caCertificateFile \"ca.pem\" could not be read (Access to the path '{ca}' is denied): your user may not read it; "
            + $"on Linux and macOS see ls -l {ca}, and chmod u+r {ca} if it is yours.");
    }

    // Exit code 2 and the one line, with no usage after it: a file's problem, not the command line's.
    private static void AssertRefused(CommandRun run, string line)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Error}");
        Assert.Equal(line + "\n", run.Error);
    }

    private void Close(string path, UnixFileMode mode = UnixFileMode.None)
    {
        string full = Path.Combine(_files.Directory, path);
        File.SetUnixFileMode(full, mode);
        _closed.Add(full);
    }

    private CommandRun RunAsTheUnprivilegedUser(params string[] arguments)
    {
        System.Diagnostics.ProcessStartInfo start = VirtualDeviceProcess.Program(arguments);
        start.WorkingDirectory = _files.Directory;
        return CommandRun.OfProcess(UnprivilegedUser.Run(start));
    }
}
