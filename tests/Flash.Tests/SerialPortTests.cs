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
}
