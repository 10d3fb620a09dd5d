using System.IO.Ports;

namespace HeartRateStreamer.Flash;

/// <summary>
/// Which serial port the board is on. Without --port the tool takes the only USB serial port there is; with none or
/// several it stops and lists them. On Linux and macOS those are the device nodes of USB serial adapters in /dev; on
/// Windows, the COM ports the system lists.
/// </summary>
internal static class SerialPorts
{
    // USB serial chips of ESP32 boards: CP210x and CH340/FTDI (Linux ttyUSB, macOS cu.usbserial, cu.SLAB_USBtoUART,
    // cu.wchusbserial) and native USB CDC (Linux ttyACM, macOS cu.usbmodem). Built-in UARTs (ttyS*) are never a board.
    private static readonly string[] s_usbSerialNodes = ["ttyUSB*", "ttyACM*", "cu.usbserial*", "cu.SLAB_USBtoUART*", "cu.wchusbserial*", "cu.usbmodem*"];

    /// <summary>The serial ports present now.</summary>
    public static IReadOnlyList<string> Present() =>
        OperatingSystem.IsWindows() ? [.. SerialPort.GetPortNames().Order(StringComparer.OrdinalIgnoreCase)] : In("/dev");

    /// <summary>The USB serial device nodes in <paramref name="deviceFolder"/> (/dev), full paths, sorted.</summary>
    public static IReadOnlyList<string> In(string deviceFolder) =>
        [.. s_usbSerialNodes.SelectMany(pattern => Directory.EnumerateFileSystemEntries(deviceFolder, pattern)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The port to use: <paramref name="given"/> when it is present, else the only one of <paramref name="present"/>.
    /// Otherwise <see cref="PortChoice.Port"/> is null and the note says what is wrong and what to do.
    /// </summary>
    public static PortChoice Choose(string? given, IReadOnlyList<string> present)
    {
        string listed = present.Count == 0 ? "none" : string.Join(", ", present);
        if (given != null)
        {
            bool found = OperatingSystem.IsWindows()
                ? present.Contains(given, StringComparer.OrdinalIgnoreCase)
                : File.Exists(given) || present.Contains(given, StringComparer.Ordinal);
            return found ? Usable(given, null)
                : new PortChoice(null, given, $"there is no serial port {given} (serial ports found: {listed}). Plug the board in with a data USB cable, or pass --port with its port.");
        }

        return present.Count switch
        {
            1 => Usable(present[0], "the only serial port found"),
            0 => new PortChoice(null, "<serial port>",
                "no serial port found: plug the board in with a data USB cable (charge-only cables show no port), or pass --port;" + TakenByBrltty
                + " nanoff lists every serial port it sees: " + ListPortsAdvice),
            _ => new PortChoice(null, "<serial port>",
                "several serial ports found, pass --port with the board's:\n" + string.Join("\n", present.Select(port => "    --port " + port))),
        };
    }

    // A port that is there but that this user may not open is no choice either: the run would fail at nanoff's first step.
    private static PortChoice Usable(string port, string? why) =>
        SerialPortAccess.Problem(port) is string problem ? new PortChoice(null, port, problem) : new PortChoice(port, port, why);

    // Ubuntu's brltty (braille displays) claims CH340 and CP210x adapters, the chips of most ESP32 boards, as they are
    // plugged in, so their port vanishes at once and no cable helps.
    private static string TakenByBrltty => OperatingSystem.IsLinux()
        ? " on Ubuntu, brltty (for braille displays) takes the port of a CH340 or CP210x board as it is plugged in: sudo apt remove brltty,"
            + " then plug the board in again (sudo dmesg | tail shows what took it);"
        : "";

    // nanoff is installed by step 1, which a run without a port never reaches, and runs only where its manifest is.
    private static string ListPortsAdvice =>
        "in tools/flash, run " + string.Join(", then ", Nanoff.InstallCommands().Append(Nanoff.Command("--listports")).Select(command => $"'{command}'"));
}

/// <summary>The port chosen (null when none can be), how the plan shows it, and a note: why it was chosen, or what is wrong.</summary>
internal sealed record PortChoice(string? Port, string Shown, string? Note);
