using System.Diagnostics;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// build/setup.sh run against stand-ins for sudo and apt-get (a folder of small scripts is the whole PATH), so
/// nothing is installed: what it would run, and what it says.
/// </summary>
public sealed class SetupScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("setup-script-").FullName;

    private string Bin => Path.Combine(_folder, "bin");

    private string AptLog => Path.Combine(_folder, "apt-get.log");

    [Fact]
    public void DebianFrontendReachesAptGetThroughSudo()
    {
        // Not root, with a sudo that resets the environment as sudo's default env_reset does.
        (int exitCode, _, string errors) = RunSetup(("CHROMIUM_PATH", Stub("chromium", "echo Chromium 1.0")));

        Assert.True(exitCode == 0, errors);
        string install = Assert.Single(File.ReadAllLines(AptLog), line => line.Contains(" install ", StringComparison.Ordinal));
        Assert.EndsWith("DEBIAN_FRONTEND=noninteractive", install);
        // A freshly booted machine's own updates may hold apt's lock: it waits, and retries a dropped download.
        Assert.StartsWith("apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 install ", install);
    }

    [Fact]
    public void AChromiumPathThatNamesNoProgramIsSaidLast()
    {
        string missing = Path.Combine(_folder, "no-such-chromium");

        (int exitCode, string output, string errors) = RunSetup(("CHROMIUM_PATH", missing));

        Assert.True(exitCode == 0, errors);
        Assert.Contains($"chromium: none at {missing},", output);
        Assert.EndsWith($"setup: warning: CHROMIUM_PATH={missing} is not an executable file, and the browser tests use it, so they will fail."
            + " Point CHROMIUM_PATH at a Chromium program, or unset it to use Debian's /usr/bin/chromium (installed here when missing).",
            errors.TrimEnd());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Errors) RunSetup(params (string Name, string Value)[] environment)
    {
        Directory.CreateDirectory(Bin);
        Stub("id", "if [ \"$1\" = -u ]; then echo 1000; else exec /usr/bin/id \"$@\"; fi");
        // Only sudo -n runs anything: an unattended run must never stop at a password prompt.
        Stub("sudo", "if [ \"$1\" != -n ]; then echo 'sudo: a password is required' >&2; exit 1; fi; shift; exec /usr/bin/env -i PATH=\"$PATH\" \"$@\"");
        Stub("apt-get", $"echo \"apt-get $* DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-unset}}\" >> '{AptLog}'");
        foreach (string tool in new[] { "env", "ls", "sed", "sort", "tail", "head", "cut" })
        {
            File.CreateSymbolicLink(Path.Combine(Bin, tool), FindProgram(tool));
        }

        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "build", "setup.sh"));
        start.Environment.Clear();
        start.Environment["PATH"] = Bin;
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "build/setup.sh did not finish within a minute");
        return (process.ExitCode, output.Result, errors.Result);
    }

    // A shell script in the stand-in folder; returns its path.
    private string Stub(string name, string body)
    {
        Directory.CreateDirectory(Bin);
        string path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string FindProgram(string name) =>
        new[] { "/usr/bin", "/bin" }.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is in neither /usr/bin nor /bin");
}
