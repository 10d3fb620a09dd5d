using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice;

/// <summary>
/// What every command's System.CommandLine definition shares: numbers read with the range in the message, parse
/// errors turned into <see cref="InputException"/>, and the help text as a string.
/// </summary>
public static class OptionValues
{
    /// <summary>A file to read that is not there: "PATH: no such file", or "PATH is a folder, not a file" when a folder is.</summary>
    public static string NotAFile(string path) => Directory.Exists(path) ? $"{path} is a folder, not a file" : $"{path}: no such file";

    /// <summary>
    /// <paramref name="read"/>'s result, a read of <paramref name="path"/>, a file the user named: one its user may not
    /// read (<see cref="UnreadableFile"/>) or whose reading fails (<see cref="ReadFailed"/>) is an <see cref="InputException"/>
    /// saying so, never a crash.
    /// </summary>
    public static T ReadUserFile<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(UnreadableFile.Problem(path, e));
        }
        catch (IOException e)
        {
            throw new InputException(ReadFailed(path, e));
        }
    }

    /// <summary>
    /// A file that is there and may be read, yet whose reading failed (an I/O error: a device, /proc, a failing disk or
    /// share): "PATH could not be read [after line N] (reason): give an ordinary file." (<paramref name="linesRead"/>: 0
    /// before the first line).
    /// </summary>
    public static string ReadFailed(string path, IOException exception, int linesRead = 0) =>
        $"{path} could not be read{(linesRead > 0 ? $" after line {linesRead}" : "")} ({exception.Message.TrimEnd('.')}): give an ordinary file.";

    /// <summary>A folder to read that is not there: "PATH: no such directory", or "PATH is a file, not a folder" when a file is.</summary>
    public static string NotAFolder(string path) => File.Exists(path) ? $"{path} is a file, not a folder" : $"{path}: no such directory";

    /// <summary>
    /// A number option that must lie in [<paramref name="minimum"/>, <paramref name="maximum"/>]; says so when it does not,
    /// followed by <paramref name="why"/> when the range needs explaining.
    /// NaN is refused too: it passes no comparison, so it would pass the range check.
    /// </summary>
    public static Option<double> Number(string name, double minimum, double maximum, string description, string helpName = "N", string? why = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= minimum && value <= maximum))
            {
                result.AddError($"{name} '{text}' must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}"
                    + (why == null ? "." : ": " + why));
                return 0;
            }

            return value;
        },
    };

    /// <summary>
    /// A number option that stands for a key of device.json: read as a number only, then judged (whole, in range) by the
    /// firmware's <c>ConfigurationReader</c> like the same number in the file, so the option and the file take the same
    /// values and refuse the others in the same words.
    /// </summary>
    public static Option<double> ConfigurationNumber(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                result.AddError($"{name} '{text}' must be a number.");
            }

            return value;
        },
    };

    /// <summary>
    /// What <c>--source</c>, <c>--bpm</c> and <c>run</c>'s <c>--no-finger</c> describe: the synthetic finger, or a recording
    /// that is there. A recording has its own pulse and finger, so the synthetic finger's options are refused with it
    /// rather than ignored.
    /// </summary>
    public static SensorScene Scene(ParseResult parsed, Option<string> source, Option<double> bpm, Option<bool>? noFinger = null)
    {
        string given = parsed.GetValue(source)!;
        string? file = given == "synthetic" ? null : given;
        bool fingerOff = noFinger != null && parsed.GetValue(noFinger);
        if (file == null)
        {
            return new SensorScene { BeatsPerMinute = parsed.GetValue(bpm), NoFinger = fingerOff };
        }

        if (!File.Exists(file))
        {
            throw new InputException($"--source {NotAFile(file)}; give a CSV recording or 'synthetic'.");
        }

        if (parsed.GetResult(bpm) is { Implicit: false })
        {
            throw new CommandLineException("--bpm sets the synthetic pulse's rate; a recording has its own pulse: leave out --bpm, or use --source synthetic.");
        }

        if (fingerOff)
        {
            throw new CommandLineException("--no-finger applies to the synthetic source only; a recording has its own finger.");
        }

        return new SensorScene { SourceFile = file };
    }

    /// <summary>
    /// --duration, for the default command and run alike (both time their run with <see cref="RealTimeRun"/>): no shorter
    /// than the run's tick, as the run looks at its clock only that often and cannot end sooner; at most a week, beyond
    /// which a run is one to end with Ctrl+C.
    /// </summary>
    public static Option<double> Duration()
    {
        double shortest = RealTimeRun.TickMilliseconds / 1000.0;
        string shortestText = shortest.ToString(CultureInfo.InvariantCulture);
        return Number("--duration", shortest, LongestDurationSeconds,
            $"stop after this long, {shortestText} s to a week, ending each stream with its last chunk, 0\\r\\n\\r\\n (default: until Ctrl+C)", "SECONDS",
            $"seconds, no fewer than the {shortestText} s between a run's looks at its clock (it cannot end sooner), no more than a week "
            + "(to run longer, leave --duration out and end the run with Ctrl+C).");
    }

    // A week, in seconds.
    private const double LongestDurationSeconds = 7 * 24 * 3600;

    /// <summary>--bpm: the synthetic heart rate (the run and default commands).</summary>
    public static Option<double> BeatsPerMinute()
    {
        Option<double> option = Number("--bpm", SensorScene.SlowestBeatsPerMinute, SensorScene.FastestBeatsPerMinute,
            $"the synthetic heart rate in beats per minute, {SensorScene.SlowestBeatsPerMinute} to {SensorScene.FastestBeatsPerMinute}; decimals are taken as they are (72.5)");
        option.DefaultValueFactory = _ => new SensorScene().BeatsPerMinute;
        return option;
    }

    /// <summary>
    /// Parses <paramref name="arguments"/> with <paramref name="command"/>. Returns null when help was asked for; throws
    /// <see cref="CommandLineException"/> with every mistake System.CommandLine found.
    /// </summary>
    public static ParseResult? Parse(Command command, string[] arguments)
    {
        ParseResult parsed = command.Parse(arguments);
        if (parsed.Errors.Count > 0)
        {
            throw new CommandLineException(CommandLineMistakes.Said(parsed, command, "a token or an API key"));
        }

        return parsed.Action is HelpAction ? null : parsed;
    }

    /// <summary>
    /// How every command refuses bad input: "<paramref name="prefix"/>: message" on <paramref name="error"/>, then
    /// <paramref name="command"/>'s usage only when the command line itself was wrong (a <see cref="CommandLineException"/>);
    /// a file's problem is said alone, as the usage would bury it and not help. Returns the exit code, 2.
    /// </summary>
    public static int Refuse(InputException exception, string prefix, Command command, TextWriter error)
    {
        error.WriteLine($"{prefix}: {exception.Message}");
        if (exception is CommandLineException)
        {
            error.WriteLine(Help(command));
        }

        return Program.UsageExitCode;
    }

    /// <summary>The help System.CommandLine prints for <paramref name="command"/>: description, usage, options.</summary>
    public static string Help(Command command)
    {
        var text = new StringWriter();
        command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = text });
        return text.ToString().TrimEnd();
    }
}
