using System.Diagnostics;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>Runs flash.sh or flash.ps1 as a person would, from the repository root, and collects what it printed.</summary>
internal static class FlashScript
{
    // A dry run takes well under a second; a script that is still running after this is hung.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>True when pwsh is on the PATH, so flash.ps1 can be run here.</summary>
    public static bool IsPowerShellInstalled { get; } = FindOnPath("pwsh") != null;

    /// <summary>Why the flash.ps1 cases are skipped on this machine.</summary>
    public const string PowerShellMissing = "pwsh (PowerShell 7) is not installed on this machine, so flash.ps1 cannot run here; these cases run where it is installed (Windows, or any CI image with PowerShell).";

    public static ScriptResult Run(Shell shell, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (shell == Shell.Bash)
        {
            start.FileName = "bash";
            start.ArgumentList.Add(Path.Combine("tools", "flash", "flash.sh"));
        }
        else
        {
            start.FileName = "pwsh";
            start.ArgumentList.Add("-NoProfile");
            start.ArgumentList.Add("-NonInteractive");
            start.ArgumentList.Add("-File");
            start.ArgumentList.Add(Path.Combine("tools", "flash", "flash.ps1"));
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {s_timeout.TotalSeconds} s.");
        }

        return new ScriptResult(process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>Writes <paramref name="json"/> to a new temporary file and returns its path.</summary>
    public static string WriteConfiguration(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"flash-tests-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string? FindOnPath(string program)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) || File.Exists(candidate + ".exe"))
            {
                return candidate;
            }
        }

        return null;
    }
}
