using System.Diagnostics;

namespace HeartRateStreamer.Flash;

/// <summary>
/// One command the tool runs: the program and its arguments, run in tools/flash (where nanoff's manifest is), and, for
/// a command whose exit code does not tell every failure, the text it prints only when it succeeded.
/// </summary>
internal sealed record ToolCommand(string Program, IReadOnlyList<string> Arguments, string? SuccessText = null)
{
    // Characters a shell would take for something else: such an argument is shown in single quotes.
    private static readonly char[] s_special = [' ', '\t', '\'', '"', '\\', '$', '`', ';', '&', '|', '<', '>', '(', ')', '*', '?'];

    /// <summary>The command as a person would type it in this system's shell (double quotes on Windows, single elsewhere).</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Program }.Concat(Arguments).Select(argument =>
            argument.Length > 0 && argument.IndexOfAny(s_special) < 0 ? argument
            : OperatingSystem.IsWindows() ? "\"" + argument.Replace("\"", "\\\"") + "\""
            : "'" + argument.Replace("'", "'\\''") + "'"));

    /// <summary>Runs the command with its output shown as it comes; returns its exit code, and whether it printed its
    /// <see cref="SuccessText"/> (true when it has none). <paramref name="stop"/> ends it (and what it started).</summary>
    public (int ExitCode, bool SaidSuccess) Run(TextWriter output, CancellationToken stop)
    {
        var start = new ProcessStartInfo(Program)
        {
            WorkingDirectory = Repository.FlashFolder,
            UseShellExecute = false,
            // Read only when there is a text to look for; otherwise the command writes to the console itself.
            RedirectStandardOutput = SuccessText != null,
        };
        foreach (string argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Process.Start throws for a program it cannot find or run (it returns null only through a shell): dotnet off
            // PATH, as when the SDK of dotnet-install.sh is run by its full path.
            throw new FlashException(ExitCodes.NanoffFailed, $"'{this}' could not be started ({e.Message.TrimEnd('.')}). nanoff runs as '{Program} nanoff': "
                + $"put the folder of the .NET SDK's {Program} on PATH (the one you ran this tool with, e.g. ~/.dotnet) and run the tool again.");
        }

        using Process process = started ?? throw new FlashException(ExitCodes.NanoffFailed, $"could not start {Program}.");
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
        bool saidSuccess = SuccessText == null || Relay(process.StandardOutput, output, SuccessText);
        process.WaitForExit();
        return (process.ExitCode, saidSuccess);
    }

    // Copies the command's output as it comes (by characters: nanoff writes "Deploying file ..." before its "OK"), and
    // looks for the success text in it.
    private static bool Relay(StreamReader from, TextWriter to, string successText)
    {
        var seen = new System.Text.StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            to.Write(buffer, 0, read);
            to.Flush();
            seen.Append(buffer, 0, read);
        }

        // nanoff colours "OK"; with DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION set, the colour codes reach the pipe too.
        string text = System.Text.RegularExpressions.Regex.Replace(seen.ToString(), "\u001b\\[[0-9;]*[A-Za-z]", "");
        return text.Contains(successText, StringComparison.Ordinal);
    }
}
