using System.Diagnostics;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The user a run is made by when a test needs what root never meets: a file it may not read, a folder it may not list
/// or delete from. Root reads and deletes whatever the modes say, and CI runs the tests as root, so there the run is
/// made by nobody (65534) through util-linux's setpriv, and the test's folders are handed to nobody first; as any
/// other user the run is that user's, and the modes bite as they are. Linux only (setpriv, chown).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class UnprivilegedUser
{
    private const string Nobody = "65534";

    /// <summary>The user name the run sees (Environment.UserName), which it writes in its lock.</summary>
    public static string Name => Environment.IsPrivilegedProcess ? Output("id", "-un", Nobody) : Environment.UserName;

    /// <summary>Hands <paramref name="paths"/> and everything in them to the run's user: call before setting the modes a test needs.</summary>
    public static void Own(params string[] paths)
    {
        if (Environment.IsPrivilegedProcess)
        {
            foreach (string path in paths)
            {
                RequireReachable(path);
            }

            Output("chown", ["-R", $"{Nobody}:{Nobody}", .. paths]);
        }
    }

    /// <summary><paramref name="start"/> (not started), made by the run's user: through setpriv when this process is root.</summary>
    public static ProcessStartInfo Run(ProcessStartInfo start)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return start;
        }

        var dropped = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", start.FileName, .. start.ArgumentList])
        {
            dropped.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in start.Environment)
        {
            dropped.Environment[name] = value;
        }

        dropped.Environment["HOME"] = "/"; // root's own is closed to nobody
        if (start.Environment["DOTNET_ROOT"] is string dotnet)
        {
            RequireReachable(dotnet);
        }

        return dropped;
    }

    // nobody must be able to pass through every folder above: a .NET in /root/.dotnet, or test folders under a TMPDIR
    // of root's, would fail every such run with "Permission denied" far from the reason.
    private static void RequireReachable(string path)
    {
        for (string? folder = Path.GetDirectoryName(Path.GetFullPath(path)); folder != null; folder = Path.GetDirectoryName(folder))
        {
            if ((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
            {
                throw new InvalidOperationException($"{folder} is closed to other users (no o+x), so nobody cannot reach {path}: run the tests with "
                    + ".NET and TMPDIR in folders others may pass through (such as /usr/share/dotnet and /tmp).");
            }
        }
    }

    private static string Output(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        }

        return output.Trim();
    }
}
