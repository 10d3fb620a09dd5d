using System.Diagnostics;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>One run of the virtual device's command line, in-process or as its own process: exit code and everything written.</summary>
public sealed class CommandRun
{
    private CommandRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
    }

    /// <summary>The exit code the process would return.</summary>
    public int ExitCode { get; }

    /// <summary>Everything written to stdout.</summary>
    public string Output { get; }

    /// <summary>Everything written to stderr.</summary>
    public string Error { get; }

    /// <summary>The last non-empty line of stdout.</summary>
    public string LastOutputLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    /// <summary>Runs Program's dispatcher with <paramref name="arguments"/>, as `virtual-device ARGUMENTS` would.</summary>
    public static CommandRun Of(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.Dispatch(arguments, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs <paramref name="start"/> (<see cref="VirtualDeviceProcess.Program"/>, perhaps made by another user) to its
    /// end: what only a process shows, such as the exit code of an exception nothing caught.
    /// </summary>
    public static CommandRun OfProcess(ProcessStartInfo start)
    {
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within 2 minutes.");
        }

        return new CommandRun(process.ExitCode, output.Result, error.Result);
    }
}
