using HeartRateStreamer.VirtualDevice.Analyze;

namespace HeartRateStreamer.VirtualDevice;

/// <summary>`dotnet run --project tools/virtual-device -- COMMAND [options]`: picks the subcommand and runs it.</summary>
public static class Program
{
    /// <summary>Exit code for bad input or usage.</summary>
    public const int UsageExitCode = 2;

    // Subcommands by name.
    private static readonly Dictionary<string, Command> s_commands = new(StringComparer.Ordinal)
    {
        ["analyze"] = AnalyzeCommand.Run,
        ["run"] = Run.RunCommand.Run,
    };

    // Runs when the first argument is not a command name; null: there is no default yet, so usage is printed.
    private static readonly Command? s_defaultCommand = null;

    /// <summary>The process entry point.</summary>
    public static int Main(string[] args) => Dispatch(args, Console.Out, Console.Error);

    /// <summary>Runs the command named by the first argument (or the default command) with the rest.</summary>
    public static int Dispatch(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length > 0 && s_commands.TryGetValue(args[0], out Command? command))
        {
            return command(args[1..], output, error);
        }

        if (s_defaultCommand != null)
        {
            return s_defaultCommand(args, output, error);
        }

        error.WriteLine(args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.");
        error.WriteLine($"Usage: virtual-device COMMAND [options], where COMMAND is one of: {string.Join(", ", s_commands.Keys)}.");
        error.WriteLine("       virtual-device analyze --help   describes analyze.");
        return UsageExitCode;
    }
}
