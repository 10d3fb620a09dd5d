using System.Diagnostics;
using System.Runtime.Versioning;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The tool's port finder on a real folder of device nodes (files named as Linux and macOS name USB serial ports):
/// only USB serial adapters count, one is taken, none or several stop the run with the list and what to do.
/// </summary>
public class SerialPortTests
{
    [Fact]
    public void OnlyUsbSerialNodesAreFoundSorted()
    {
        using var files = new TemporaryFiles();
        foreach (string node in new[] { "ttyUSB1", "ttyS0", "ttyUSB0", "tty", "cu.usbmodem14101", "ttyACM0", "cu.Bluetooth-Incoming-Port", "cu.SLAB_USBtoUART", "cu.wchusbserial1420" })
        {
            files.Write(node, "");
        }

        IReadOnlyList<string> found = SerialPorts.In(files.Folder);

        Assert.Equal(new[] { "cu.SLAB_USBtoUART", "cu.usbmodem14101", "cu.wchusbserial1420", "ttyACM0", "ttyUSB0", "ttyUSB1" }, found.Select(Path.GetFileName));
    }

    [Fact]
    public void TheOnlyPortIsTaken()
    {
        using var files = new TemporaryFiles();
        string port = files.Write("ttyUSB0", "");

        PortChoice choice = SerialPorts.Choose(null, SerialPorts.In(files.Folder));

        Assert.Equal(port, choice.Port);
        Assert.Equal("the only serial port found", choice.Note);
    }

    [Fact]
    public void NoPortSaysWhatToDo()
    {
        using var files = new TemporaryFiles();
        files.Write("ttyS0", "");

        PortChoice choice = SerialPorts.Choose(null, SerialPorts.In(files.Folder));

        Assert.Null(choice.Port);
        Assert.StartsWith("no serial port found: plug the board in with a data USB cable", choice.Note);

        // Before: "'dotnet nanoff --listports' lists the ports", which fails where the tool is run (the repository root)
        // and before any run has installed nanoff, as a run without a port never does.
        string install = string.Join(", then ", Nanoff.InstallCommands().Select(command => $"'{command}'"));
        Assert.EndsWith($"nanoff lists every serial port it sees: in tools/flash, run {install}, then 'dotnet nanoff --listports'", choice.Note);

        // Before, a cable was all it named: on Ubuntu brltty takes a CH340 or CP210x board's port as it appears, and no cable helps.
        Assert.Equal(OperatingSystem.IsLinux(), choice.Note!.Contains(
            "or pass --port; on Ubuntu, brltty (for braille displays) takes the port of a CH340 or CP210x board as it is plugged in: sudo apt remove brltty,"
            + " then plug the board in again (sudo dmesg | tail shows what took it);", StringComparison.Ordinal));
    }

    [Fact]
    public void SeveralPortsAreListedOnePerLine()
    {
        using var files = new TemporaryFiles();
        string first = files.Write("ttyUSB0", "");
        string second = files.Write("ttyACM0", "");

        PortChoice choice = SerialPorts.Choose(null, SerialPorts.In(files.Folder));

        Assert.Null(choice.Port);
        Assert.Equal($"several serial ports found, pass --port with the board's:\n    --port {second}\n    --port {first}", choice.Note);
    }

    [Fact]
    public void AGivenPortIsTakenWhenItIsThereAndRefusedWithTheListWhenNot()
    {
        using var files = new TemporaryFiles();
        string port = files.Write("ttyUSB3", "");
        IReadOnlyList<string> present = SerialPorts.In(files.Folder);

        PortChoice given = SerialPorts.Choose(port, present);
        PortChoice missing = SerialPorts.Choose(Path.Combine(files.Folder, "ttyUSB4"), present);

        Assert.Equal(port, given.Port);
        Assert.Null(missing.Port);
        Assert.Contains($"(serial ports found: {port})", missing.Note);
    }

    // A port as Linux makes a USB serial adapter's, root's and its group's, which the user is not in: here group only
    // (mode 060), so it is closed to the run's user whether that is nobody (the tests run as root) or the owner. Before,
    // the run went on: nanoff was installed and started on a port it could not open (exit code 4 after its
    // "Permission denied", with advice naming dialout, which is uucp on Arch), and a dry run said nothing of it.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void APortTheUserMayNotOpenStopsARealRunWithExitCode3BeforeAnyCommandAndADryRunSaysSo()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string config = files.OwnConfiguration();
        string image = files.FreshImage();
        string temporary = Directory.CreateDirectory(Path.Combine(files.Folder, "tmp")).FullName;
        ProcessStartInfo real = repository.WithStandInNanoff("echo nanoff ran; exit 0"), dry = repository.Program();
        UnprivilegedUser.Own(repository.Root, files.Folder);
        string port = files.Write("ttyUSB0", "");
        File.SetUnixFileMode(port, UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        string[] arguments = ["--port", port, "--config", config, "--image", image, "--skip-firmware"];
        string problem = $"your user may not open the serial port {port} (see ls -l {port}): a serial port belongs to a group (dialout on Debian, Ubuntu and Fedora, "
            + $"uucp on Arch). Add your user to it, sudo usermod -aG \"$(stat -c %G {port})\" $USER, then log out and in again: a group added to a user reaches only "
            + "the sessions started after it.";

        ToolResult result = FlashTool.RunToEnd(UnprivilegedUser.Run(real), files.Folder, arguments, ("TMPDIR", temporary));
        ToolResult dryRun = FlashTool.RunToEnd(UnprivilegedUser.Run(dry), files.Folder, ["--dry-run", .. arguments], ("TMPDIR", temporary));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal($"flash: {problem}\n", result.Errors);
        Assert.Equal("", result.Output); // no step began
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"NOTE: {problem}\n      A real run stops here with exit code 3, before writing anything to the board.", dryRun.Output);
    }
}
