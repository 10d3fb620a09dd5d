using System.Diagnostics;

namespace HeartRateStreamer.Flash;

/// <summary>One command the tool runs: the program and its arguments, run in tools/flash (where nanoff's manifest is).</summary>
internal sealed record ToolCommand(string Program, IReadOnlyList<string> Arguments)
{
    // Characters a shell would take for something else: such an argument is shown in single quotes.
    private static readonly char[] s_special = [' ', '\t', '\'', '"', '\\', '$', '`', ';', '&', '|', '<', '>', '(', ')', '*', '?'];

    /// <summary>The command as a person would type it in this system's shell (double quotes on Windows, single elsewhere).</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Program }.Concat(Arguments).Select(argument =>
            argument.Length > 0 && argument.IndexOfAny(s_special) < 0 ? argument
            : OperatingSystem.IsWindows() ? "\"" + argument.Replace("\"", "\\\"") + "\""
            : "'" + argument.Replace("'", "'\\''") + "'"));

    /// <summary>Runs the command with the console as its own (its output is shown as it comes); returns its exit code.
    /// <paramref name="stop"/> ends it (and what it started).</summary>
    public int Run(CancellationToken stop)
    {
        var start = new ProcessStartInfo(Program) { WorkingDirectory = Repository.FlashFolder, UseShellExecute = false };
        foreach (string argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new FlashException(ExitCodes.NanoffFailed, $"could not start {Program}.");
        using CancellationTokenRegistration ending = stop.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had ended.
            }
        });
        process.WaitForExit();
        return process.ExitCode;
    }
}
