using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>A file the tool generates for a step: where it goes, what it holds, and what it is (for the dry run, which
/// shows its content when <paramref name="IsText"/>).</summary>
internal sealed record GeneratedFile(string Path, byte[] Content, string About, bool IsText = true);

/// <summary>One step of the plan: what it does, its commands, the files they read, and what to check when it fails.</summary>
internal sealed record FlashStep(string Title, IReadOnlyList<ToolCommand> Commands, IReadOnlyList<GeneratedFile> Files, string FailureHint);

/// <summary>
/// The steps, in the order they run (the dry run prints exactly these): nanoff made runnable, the nanoCLR firmware,
/// the Wi-Fi network, the configuration file, and the application last, so it starts with its Wi-Fi and
/// configuration already in place.
/// </summary>
internal static class FlashPlan
{
    // Whether the user may open the port is checked before any step (SerialPortAccess), so it is not among these.
    private const string BoardHint = "Check the cable and the port; "
        + "some boards need the BOOT button held while nanoff connects; close any serial monitor that holds the port.";

    /// <summary>
    /// The steps for <paramref name="options"/>, writing the generated files into <paramref name="workFolder"/> on
    /// <paramref name="port"/>; <paramref name="mask"/> hides the secrets in them (for printing).
    /// </summary>
    public static IReadOnlyList<FlashStep> Steps(FlashOptions options, DeviceFile device, string port, string image, string workFolder, bool mask)
    {
        string networkFile = Path.Combine(workFolder, "network.json");
        string boardFile = Path.Combine(workFolder, "heartrate.json");
        string filesFile = Path.Combine(workFolder, "files.json");
        string caFile = Path.Combine(workFolder, "server-ca.pem");
        string masked = mask ? " (secrets masked here)" : "";
        var steps = new List<FlashStep>
        {
            new("install nanoff as a local .NET tool of tools/flash, unless it is there already",
                Nanoff.InstallCommands(), [],
                "Check the internet connection (NuGet), or run the commands above yourself in tools/flash."),
        };

        if (!options.SkipFirmware)
        {
            string[] update = ["--update", "--target", options.Target, "--serialport", port];
            steps.Add(new(options.Erase ? $"flash the nanoCLR firmware ({options.Target}) after erasing the whole flash" : $"flash the nanoCLR firmware ({options.Target})",
                [Nanoff.Command(options.Erase ? [.. update, "--masserase"] : update)], [],
                BoardHint + $" Check --target: {FlashCommandLine.DefaultTarget} suits every board with the original ESP32 chip; ESP32-S2/S3/C3 boards are not supported yet."));
        }

        string? ca = device.CaCertificatePem;
        var networkFiles = new List<GeneratedFile>
        {
            new(networkFile, NanoffFiles.Network(port, device.Settings, ca != null ? caFile : null, mask),
                "the Wi-Fi client" + (ca != null ? " and the server's CA certificate" : "") + masked),
        };
        if (ca != null)
        {
            networkFiles.Add(new(caFile, NanoffFiles.CaCertificate(ca), $"{device.CaCertificateFile} and the NUL byte the board needs after PEM", IsText: false));
        }

        steps.Add(new($"store the Wi-Fi network '{device.Settings.WifiSsid}' (nanoff network deployment)",
            [Nanoff.Command("--networkdeployment", networkFile, "--serialport", port)],
            networkFiles,
            BoardHint + " The board must run the nanoCLR: flash it without --skip-firmware."));

        steps.Add(new($"write the configuration file {ConfigurationFile.BoardPath} on the board (nanoff file deployment)",
            [Nanoff.FileDeployment(filesFile, port, ConfigurationFile.BoardPath)],
            [
                new(filesFile, NanoffFiles.Files(port, boardFile), "what to copy where"),
                new(boardFile, device.BoardFile(mask), $"device.json for the board, without {DeviceJson.CaCertificateFileKey}{masked}"),
            ],
            BoardHint));

        steps.Add(new("deploy the application",
            [Nanoff.Command("--target", options.Target, "--serialport", port, "--deploy", "--image", image)], [],
            BoardHint));
        return steps;
    }
}
