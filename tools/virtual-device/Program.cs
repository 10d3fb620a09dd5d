using HeartRateStreamer.VirtualDevice.Analyze;

namespace HeartRateStreamer.VirtualDevice;

/// <summary>`dotnet run --project tools/virtual-device -- COMMAND [options]`: picks the subcommand and runs it.</summary>
public static class Program
{
    /// <summary>Exit code for bad input or usage.</summary>
    public const int UsageExitCode = 2;

    // Subcommands by name; each parses its own options with its System.CommandLine definition.
    private static readonly Dictionary<string, CommandEntry> s_commands = new(StringComparer.Ordinal)
    {
        [AnalyzeOptions.Definition.Name] = AnalyzeCommand.Run,
        [Run.RunOptions.Definition.Name] = Run.RunCommand.Run,
    };

    // The subcommands hang under the default command's definition, so its help lists them and theirs reads "virtual-device run".
    static Program()
    {
        Demo.DemoOptions.Definition.Subcommands.Add(AnalyzeOptions.Definition);
        Demo.DemoOptions.Definition.Subcommands.Add(Run.RunOptions.Definition);

        // Without a subcommand the default command runs (Dispatch runs it), so the definition must not ask for one.
        Demo.DemoOptions.Definition.SetAction(_ => { });
    }

    // Runs when the first argument is not a command name: the whole system in one process (Demo/).
    private static readonly CommandEntry? s_defaultCommand = Demo.DemoCommand.Run;

    /// <summary>The process entry point.</summary>
    public static int Main(string[] args) => Dispatch(args, Console.Out, Console.Error);

    /// <summary>Runs the command named by the first argument with the rest; no arguments, or options only, run the default command.</summary>
    public static int Dispatch(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length > 0 && s_commands.TryGetValue(args[0], out CommandEntry? command))
        {
            return command(args[1..], output, error);
        }

        if (s_defaultCommand != null && (args.Length == 0 || args[0].StartsWith('-')))
        {
            return s_defaultCommand(args, output, error);
        }

        error.WriteLine(args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.");
        error.WriteLine($"Usage: virtual-device COMMAND [options], where COMMAND is one of: {string.Join(", ", s_commands.Keys)}.");
        error.WriteLine("       virtual-device analyze --help   describes analyze.");
        error.WriteLine("       virtual-device [--help | options]   with no command runs the whole system (server, plot, device).");
        return UsageExitCode;
    }
}
