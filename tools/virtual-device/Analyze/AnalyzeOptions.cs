using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>The command line of analyze, parsed and checked for combinations that make no sense.</summary>
public sealed class AnalyzeOptions
{
    private static readonly Argument<string?> s_file = new("FILE.csv")
    {
        Description = "comma-separated, with a header row naming the columns",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> s_timeColumn = new("--time-column") { Description = "sample times in milliseconds (irregular spacing is fine)", HelpName = "NAME" };

    // The rates a time column may show: a rate outside them is no PPG's (and 1,000,000 read a recording as 2 ms long).
    private static readonly Option<double> s_sampleRate = OptionValues.Number("--sample-rate", CsvSampleReader.FewestSamplesPerSecond,
        CsvSampleReader.MostSamplesPerSecond, "evenly spaced rows at this rate, when there is no time column", "HZ");

    private static readonly Option<string?> s_signalColumn = new("--signal-column") { Description = "one PPG channel", HelpName = "NAME" };

    private static readonly Option<string?> s_irColumn = new("--ir-column") { Description = "the infrared channel; with --red-column also SpO2", HelpName = "NAME" };

    private static readonly Option<string?> s_redColumn = new("--red-column") { Description = "the red channel (needs --ir-column)", HelpName = "NAME" };

    private static readonly Option<int> s_skipLines = new("--skip-lines")
    {
        Description = "lines before the header (a preamble) to ignore",
        HelpName = "N",
        CustomParser = result => NonNegativeInteger("--skip-lines", result),
    };

    private static readonly Option<bool> s_invert = new("--invert")
    {
        Description = "the signal rises with each beat (more blood, higher value); by default it falls, as light through a finger does "
            + "(MAX30102 counts, a camera's brightness)",
    };

    private static readonly Option<string?> s_referenceRr = new("--reference-rr")
    {
        Description = "RR intervals in milliseconds recorded at the same time (a chest strap's, R peaks of an ECG), separated by spaces "
            + "or lines: adds the beat-by-beat comparison (beats found, interval error, RMSSD and SDNN against the reference)",
        HelpName = "FILE",
    };

    private static readonly Option<double> s_from = new("--from")
    {
        Description = "analyze from this many seconds after the first sample (to leave out a stretch where the recording or the reference "
            + "cannot be trusted, e.g. an ECG's noise)",
        HelpName = "SECONDS",
        CustomParser = result => NonNegativeSeconds("--from", result),
    };

    private static readonly Option<double?> s_to = new("--to")
    {
        Description = "analyze up to this many seconds after the first sample (by default to the last sample)",
        HelpName = "SECONDS",
        CustomParser = result => NonNegativeSeconds("--to", result),
    };

    private static readonly Option<bool> s_json = new("--json") { Description = "print one JSON object on the last line of stdout instead of the summary" };

    private static readonly Option<string?> s_welltory = new("--welltory")
    {
        Description = "run every DIR/subject_NN/PPG.csv against its RR.txt and print the error table (no file or column options)",
        HelpName = "DIR",
    };

    /// <summary>The `analyze` command: its argument, options and help (System.CommandLine).</summary>
    public static Command Definition { get; } = Define();

    /// <summary>What analyze accepts, printed for --help and after a usage mistake.</summary>
    public static string Usage => OptionValues.Help(Definition);

    private static Command Define()
    {
        // An option this command does not know would otherwise be taken for the file's name.
        s_file.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string name && name.StartsWith('-'))
            {
                result.AddError($"unknown option '{name}'.");
            }
        });
        return new Command("analyze", """
            The firmware's pulse estimator over a recording: FILE.csv with (--time-column NAME | --sample-rate HZ) and
            (--signal-column NAME | --ir-column NAME [--red-column NAME]) [--reference-rr FILE] [--from S] [--to S], or --welltory DIR.
            Exit code 0 on success, 2 for bad input (the message names the file, line and problem).
            """)
        {
            s_file, s_timeColumn, s_sampleRate, s_signalColumn, s_irColumn, s_redColumn, s_skipLines, s_invert, s_referenceRr, s_from, s_to, s_json, s_welltory, new HelpOption(),
        };
    }

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

    /// <summary>The reference RR intervals' file, or null for no comparison.</summary>
    public string? ReferenceRrPath { get; private init; }

    /// <summary>Seconds after the first sample where the analysis starts (0: the first sample).</summary>
    public double FromSeconds { get; private init; }

    /// <summary>Seconds after the first sample where it ends (infinity: the last sample).</summary>
    public double ToSeconds { get; private init; } = double.PositiveInfinity;

    /// <summary>Whether to print JSON instead of the readable summary.</summary>
    public bool Json { get; private init; }

    /// <summary>Whether help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Parses the arguments after "analyze"; throws <see cref="CommandLineException"/> saying what is wrong.</summary>
    public static AnalyzeOptions Parse(string[] arguments)
    {
        ParseResult? parsed = OptionValues.Parse(Definition, arguments);
        if (parsed == null)
        {
            return new AnalyzeOptions { Help = true };
        }

        string? file = parsed.GetValue(s_file);
        string? welltory = parsed.GetValue(s_welltory);
        string? timeColumn = parsed.GetValue(s_timeColumn);
        double sampleRate = parsed.GetValue(s_sampleRate);
        string? signalColumn = parsed.GetValue(s_signalColumn);
        string? irColumn = parsed.GetValue(s_irColumn);
        string? redColumn = parsed.GetValue(s_redColumn);
        int skipLines = parsed.GetValue(s_skipLines);
        bool invert = parsed.GetValue(s_invert);
        string? referenceRr = parsed.GetValue(s_referenceRr);
        bool json = parsed.GetValue(s_json);
        double from = parsed.GetValue(s_from);
        double to = parsed.GetValue(s_to) ?? double.PositiveInfinity;

        if (welltory != null)
        {
            if (file != null || timeColumn != null || sampleRate > 0.0 || signalColumn != null || irColumn != null || redColumn != null || skipLines != 0 || invert || referenceRr != null
                || from > 0.0 || !double.IsPositiveInfinity(to))
            {
                throw new CommandLineException("--welltory DIR takes no file, column, reference or stretch options: each record's time column, its camera channel (R, or G or B when R is clipped) and its RR.txt are read whole, as the data set defines them. Leave those options out, or give them with one record's PPG.csv instead of --welltory.");
            }

            return new AnalyzeOptions { WelltoryDirectory = welltory, Json = json };
        }

        if (file == null)
        {
            throw new CommandLineException("no file given: name a CSV file, or use --welltory DIR.");
        }

        if ((timeColumn == null) == (sampleRate <= 0.0))
        {
            throw new CommandLineException("give exactly one of --time-column NAME (times in milliseconds) or --sample-rate HZ (evenly spaced rows).");
        }

        if ((signalColumn == null) == (irColumn == null))
        {
            throw new CommandLineException("give exactly one of --signal-column NAME (one channel) or --ir-column NAME (with --red-column NAME for SpO2).");
        }

        if (redColumn != null && irColumn == null)
        {
            throw new CommandLineException("--red-column needs --ir-column: SpO2 compares red with infrared.");
        }

        if (to <= from)
        {
            throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"--to ({to} s) must come after --from ({from} s)."));
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
            ReferenceRrPath = referenceRr,
            FromSeconds = from,
            ToSeconds = to,
            Json = json,
        };
    }

    private static double NonNegativeSeconds(string option, ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0.0)
        {
            result.AddError($"{option} needs a number of seconds after the first sample (0 or more), not '{text}'.");
        }

        return value;
    }

    private static int NonNegativeInteger(string option, ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{option} needs a whole number of lines (0 or more), not '{text}'.");
        }

        return value;
    }
}
