using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>The command line of analyze, parsed and checked for combinations that make no sense.</summary>
public sealed class AnalyzeOptions
{
    /// <summary>What analyze accepts, printed for --help and after a usage mistake.</summary>
    public const string Usage =
        """
        Usage: virtual-device analyze FILE.csv (--time-column NAME | --sample-rate HZ)
                                     (--signal-column NAME | --ir-column NAME [--red-column NAME])
                                     [--skip-lines N] [--invert] [--json]
               virtual-device analyze --welltory DIR [--json]

          FILE.csv            comma-separated, with a header row naming the columns
          --time-column NAME  sample times in milliseconds (irregular spacing is fine)
          --sample-rate HZ    evenly spaced rows at this rate, when there is no time column
          --signal-column NAME   one PPG channel
          --ir-column NAME       the infrared channel; with --red-column also SpO2
          --skip-lines N      lines before the header (a preamble) to ignore
          --invert            the signal rises with each beat (more blood, higher value); by default it falls,
                              as light through a finger does (MAX30102 counts, a camera's brightness)
          --json              print one JSON object on the last line of stdout instead of the summary
          --welltory DIR      run every DIR/subject_NN/PPG.csv against its RR.txt and print the error table
        Exit code 0 on success, 2 for bad input (the message names the file, line and problem).
        """;

    /// <summary>The CSV file to analyze (null with --welltory).</summary>
    public string? FilePath { get; private init; }

    /// <summary>The welltory data set directory (null for a single file).</summary>
    public string? WelltoryDirectory { get; private init; }

    /// <summary>Column with times in milliseconds, or null with <see cref="SampleRateHz"/>.</summary>
    public string? TimeColumn { get; private init; }

    /// <summary>Rate of evenly spaced rows, or 0 with <see cref="TimeColumn"/>.</summary>
    public double SampleRateHz { get; private init; }

    /// <summary>The infrared (or only) channel's column.</summary>
    public string SignalColumn { get; private init; } = "";

    /// <summary>The red channel's column, or null for one channel.</summary>
    public string? RedColumn { get; private init; }

    /// <summary>Lines before the header.</summary>
    public int SkipLines { get; private init; }

    /// <summary>Whether the signal rises with each beat.</summary>
    public bool Invert { get; private init; }

    /// <summary>Whether to print JSON instead of the readable summary.</summary>
    public bool Json { get; private init; }

    /// <summary>Whether help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Parses the arguments after "analyze"; throws <see cref="InputException"/> saying what is wrong.</summary>
    public static AnalyzeOptions Parse(string[] arguments)
    {
        string? file = null;
        string? welltory = null;
        string? timeColumn = null;
        double sampleRate = 0.0;
        string? signalColumn = null;
        string? irColumn = null;
        string? redColumn = null;
        int skipLines = 0;
        bool invert = false;
        bool json = false;

        for (int i = 0; i < arguments.Length; i++)
        {
            string argument = arguments[i];
            switch (argument)
            {
                case "--help":
                case "-h":
                    return new AnalyzeOptions { Help = true };
                case "--time-column":
                    timeColumn = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--sample-rate":
                    sampleRate = PositiveNumber(argument, CommandLine.TakeValue(arguments, ref i));
                    break;
                case "--signal-column":
                    signalColumn = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--ir-column":
                    irColumn = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--red-column":
                    redColumn = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--skip-lines":
                    skipLines = NonNegativeInteger(argument, CommandLine.TakeValue(arguments, ref i));
                    break;
                case "--invert":
                    invert = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--welltory":
                    welltory = CommandLine.TakeValue(arguments, ref i);
                    break;
                default:
                    if (argument.StartsWith('-'))
                    {
                        throw new InputException($"unknown option '{argument}'.");
                    }

                    if (file != null)
                    {
                        throw new InputException($"more than one file given ('{file}' and '{argument}'); analyze reads one CSV file.");
                    }

                    file = argument;
                    break;
            }
        }

        if (welltory != null)
        {
            if (file != null || timeColumn != null || sampleRate > 0.0 || signalColumn != null || irColumn != null || redColumn != null || skipLines != 0 || invert)
            {
                throw new InputException("--welltory DIR takes no file or column options: each record's time and R columns are read as the data set defines them.");
            }

            return new AnalyzeOptions { WelltoryDirectory = welltory, Json = json };
        }

        if (file == null)
        {
            throw new InputException("no file given: name a CSV file, or use --welltory DIR.");
        }

        if ((timeColumn == null) == (sampleRate <= 0.0))
        {
            throw new InputException("give exactly one of --time-column NAME (times in milliseconds) or --sample-rate HZ (evenly spaced rows).");
        }

        if ((signalColumn == null) == (irColumn == null))
        {
            throw new InputException("give exactly one of --signal-column NAME (one channel) or --ir-column NAME (with --red-column NAME for SpO2).");
        }

        if (redColumn != null && irColumn == null)
        {
            throw new InputException("--red-column needs --ir-column: SpO2 compares red with infrared.");
        }

        return new AnalyzeOptions
        {
            FilePath = file,
            TimeColumn = timeColumn,
            SampleRateHz = sampleRate,
            SignalColumn = signalColumn ?? irColumn!,
            RedColumn = redColumn,
            SkipLines = skipLines,
            Invert = invert,
            Json = json,
        };
    }

    private static double PositiveNumber(string option, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0.0)
        {
            throw new InputException($"{option} needs a positive number of samples per second, not '{text}'.");
        }

        return value;
    }

    private static int NonNegativeInteger(string option, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw new InputException($"{option} needs a whole number of lines (0 or more), not '{text}'.");
        }

        return value;
    }
}
