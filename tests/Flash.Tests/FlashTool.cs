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

    public static ToolResult Run(params string[] arguments) => RunIn(Repository.Root, Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.Flash.dll"), arguments);

    /// <summary>Runs the program <paramref name="tool"/> (a HeartRateStreamer.Flash.dll) from <paramref name="folder"/>.</summary>
    public static ToolResult RunIn(string folder, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the flash tool with {string.Join(' ', arguments)} did not finish within {s_timeout.TotalMinutes} minutes.");
        }

        return new ToolResult(process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>The built tool through dotnet, not yet started: for <see cref="RepositoryCopy.RunToEnd"/>, which adds an environment.</summary>
    public static ProcessStartInfo Program()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.Flash.dll"));
        return start;
    }

    /// <summary>A dry run of <paramref name="configuration"/> for /dev/ttyUSB0, plus <paramref name="more"/> options.</summary>
    public static ToolResult DryRun(string configuration, params string[] more) =>
        Run(["--dry-run", "--port", "/dev/ttyUSB0", "--config", configuration, .. more]);
}
