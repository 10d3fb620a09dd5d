using System.Diagnostics;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// Runs the flash tool as a person would, from the repository root: its built program (the same as
/// <c>dotnet run --project tools/flash</c> runs) as a process of its own, collecting what it printed.
/// </summary>
internal static class FlashTool
{
    // A dry run takes about a second; a real run that installs nanoff may take a minute. Past this it is hung.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    private static readonly string s_builtTool = Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.Flash.dll");

    public static ToolResult Run(params string[] arguments) => RunIn(Repository.Root, s_builtTool, arguments);

    /// <summary>Runs the program <paramref name="tool"/> (a HeartRateStreamer.Flash.dll) from <paramref name="folder"/>.</summary>
    public static ToolResult RunIn(string folder, string tool, params string[] arguments) => RunToEnd(Program(tool), folder, arguments);

    /// <summary>The program <paramref name="tool"/> (the built HeartRateStreamer.Flash.dll when null) through dotnet, not yet started.</summary>
    public static ProcessStartInfo Program(string? tool = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool ?? s_builtTool);
        return start;
    }

    /// <summary>Runs <paramref name="start"/> (<see cref="Program"/>, or <see cref="RepositoryCopy.Program"/>) from
    /// <paramref name="folder"/>, with <paramref name="environment"/> added, to its end, collecting what it printed. Unless
    /// the test gave it a TMPDIR (one other than this process's), the run gets a fresh one, deleted after it (README: why).</summary>
    public static ToolResult RunToEnd(ProcessStartInfo start, string folder, IEnumerable<string> arguments, params (string Name, string Value)[] environment)
    {
        start.WorkingDirectory = folder;
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        string? fresh = null;
        if ((start.Environment.TryGetValue("TMPDIR", out string? given) ? given : null) == Environment.GetEnvironmentVariable("TMPDIR"))
        {
            fresh = Directory.CreateTempSubdirectory("flash-tests-tmpdir-").FullName;
            start.Environment["TMPDIR"] = fresh;
        }

        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the flash tool with {string.Join(' ', start.ArgumentList)} did not finish within {s_timeout.TotalMinutes} minutes.");
            }

            return new ToolResult(process.ExitCode, output.Result, errors.Result,
                fresh == null ? null : Directory.GetDirectories(fresh, "heartrate-flash-*"));
        }
        finally
        {
            if (fresh != null)
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    /// <summary>A dry run of <paramref name="configuration"/> for /dev/ttyUSB0, plus <paramref name="more"/> options.</summary>
    public static ToolResult DryRun(string configuration, params string[] more) =>
        Run(["--dry-run", "--port", "/dev/ttyUSB0", "--config", configuration, .. more]);
}
