using System.Diagnostics;

namespace HeartRateStreamer.PermissionTesting;

/// <summary>
/// The user a run is made by when a test needs what root never meets: a file it may not read, a folder it may not list
/// or delete from. Root reads and deletes whatever the modes say, and CI runs the tests as root, so there the run is
/// made by nobody (65534) through util-linux's setpriv, and the test's folders are handed to nobody first; as any
/// other user the run is that user's, and the modes bite as they are. Linux only (setpriv, chown).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class UnprivilegedUser
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
                RequireReachable(path, itself: UnixFileMode.None); // nobody's own once handed over
            }

            Output("chown", ["-R", $"{Nobody}:{Nobody}", .. paths]);
        }
    }

    /// <summary>
    /// <paramref name="start"/> (not started), a .NET program, made by the run's user: through setpriv when this process
    /// is root, after checking that the user may reach the .NET it starts with.
    /// </summary>
    public static ProcessStartInfo Run(ProcessStartInfo start)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return start;
        }

        // The .NET the run starts with, and the dotnet its commands find on PATH when DOTNET_ROOT does not say.
        const UnixFileMode Listed = UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        if (start.Environment.TryGetValue("DOTNET_ROOT", out string? root) && !string.IsNullOrEmpty(root))
        {
            RequireReachable(root, Listed);
        }
        else
        {
            RequireReachable(Path.GetDirectoryName(DotnetOnPath(start))!, Listed);
        }

        return RunProgram(start);
    }

    /// <summary>
    /// <paramref name="start"/> (not started), a program that needs no .NET (PostgreSQL's tools), made by the run's
    /// user: through setpriv when this process is root.
    /// </summary>
    public static ProcessStartInfo RunProgram(ProcessStartInfo start)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return start;
        }

        var dropped = new ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = start.RedirectStandardInput,
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory,
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
        return dropped;
    }

    /// <summary>
    /// Throws, naming the folder, unless nobody may pass through every folder above <paramref name="path"/> (o+x) and
    /// <paramref name="path"/> itself has the bits <paramref name="itself"/> for others (o+rx for a .NET folder, whose
    /// files the host reads and whose subfolders it lists): a .NET in /root/.dotnet or one of mode 700, or
    /// test folders under a TMPDIR of root's, would fail every such run with "Permission denied" far from the reason.
    /// </summary>
    public static void RequireReachable(string path, UnixFileMode itself)
    {
        string full = Path.GetFullPath(path);
        for (string? folder = Path.GetDirectoryName(full); folder != null; folder = Path.GetDirectoryName(folder))
        {
            if ((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
            {
                throw new InvalidOperationException($"{folder} is closed to other users (no o+x), so nobody cannot reach {path}: run the tests with "
                    + ".NET and TMPDIR in folders others may pass through (such as /usr/share/dotnet and /tmp).");
            }
        }

        if (itself != UnixFileMode.None && (File.GetUnixFileMode(full) & itself) != itself)
        {
            string needed = ((itself & UnixFileMode.OtherRead) != 0 ? "r" : "") + ((itself & UnixFileMode.OtherWrite) != 0 ? "w" : "")
                + ((itself & UnixFileMode.OtherExecute) != 0 ? "x" : "");
            throw new InvalidOperationException($"{full} is closed to other users (it needs o+{needed}), so nobody cannot use it: run the tests with "
                + ".NET in a folder others may pass through and read (such as /usr/share/dotnet).");
        }
    }

    // The dotnet a run's PATH finds, its links followed: its folder is the .NET installation.
    private static string DotnetOnPath(ProcessStartInfo start)
    {
        string path = start.Environment.TryGetValue("PATH", out string? value) ? value ?? "" : "";
        foreach (string folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string dotnet = Path.Combine(folder, "dotnet");
            if (File.Exists(dotnet))
            {
                return File.ResolveLinkTarget(dotnet, returnFinalTarget: true)?.FullName ?? dotnet;
            }
        }

        throw new InvalidOperationException($"no dotnet on the run's PATH ({path}) and no DOTNET_ROOT: put the .NET SDK's folder on PATH or set DOTNET_ROOT.");
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
