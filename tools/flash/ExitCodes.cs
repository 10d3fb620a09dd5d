namespace HeartRateStreamer.Flash;

/// <summary>What the flash tool's exit code says (tools/flash/README.md lists them for people).</summary>
internal static class ExitCodes
{
    /// <summary>Done: the board was flashed, or the dry run printed the plan.</summary>
    public const int Done = 0;

    /// <summary>A bad option, device.json missing, unreadable or invalid, or a temporary folder (TMPDIR) that cannot take the generated files; nothing was written to the board.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>What to put on which board: the serial port is missing, ambiguous or absent, or the image is missing or stale.</summary>
    public const int BoardOrPort = 3;

    /// <summary>nanoff could not be installed, or one of its steps failed (its output is shown).</summary>
    public const int NanoffFailed = 4;

    /// <summary>Stopped by Ctrl+C, a closed terminal or a kill (128 + SIGINT, as shells report it); the secrets are deleted as the run ends, or a warning names the folder left.</summary>
    public const int Interrupted = 130;
}
