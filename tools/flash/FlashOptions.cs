namespace HeartRateStreamer.Flash;

/// <summary>What the command line asked for (<see cref="FlashCommandLine"/> parses it).</summary>
/// <param name="ConfigFile">device.json to check and deploy, full path.</param>
/// <param name="ConfigShown">How messages name it: as given, or the default relative to the repository.</param>
/// <param name="Port">Serial port of the board; null: the only USB serial port there is.</param>
/// <param name="Target">nanoff target name of the nanoCLR image.</param>
/// <param name="Image">Application image; null: the newer of the Release and Debug builds.</param>
/// <param name="Erase">Erase the whole flash before the nanoCLR is written.</param>
/// <param name="SkipFirmware">Keep the nanoCLR on the board.</param>
/// <param name="DryRun">Print every command and generated file (secrets masked) and run nothing.</param>
internal sealed record FlashOptions(string ConfigFile, string ConfigShown, string? Port, string Target, string? Image, bool Erase, bool SkipFirmware, bool DryRun);
