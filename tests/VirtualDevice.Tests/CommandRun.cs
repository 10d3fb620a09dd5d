namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>One in-process run of the virtual device's command line: exit code and everything written.</summary>
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
}
