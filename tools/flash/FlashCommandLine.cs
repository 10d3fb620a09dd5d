using HeartRateStreamer.Configuration;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace HeartRateStreamer.Flash;

/// <summary>The flash tool's command line (System.CommandLine): options, help text and the checks of option values.</summary>
internal static partial class FlashCommandLine
{
    /// <summary>Runs on every board with the original ESP32 chip (WROOM, WROVER, with or without PSRAM). ESP32-S2/S3/C3
    /// are not supported yet: the configuration's pin checks are the original ESP32's.</summary>
    public const string DefaultTarget = "ESP32_PSRAM_REV0";

    private const string Description = """
        Flashes a HeartRateStreamer board from one device.json: the nanoCLR firmware, the Wi-Fi network, the
        configuration file and the application, all with nanoff (installed as a local .NET tool when missing).
        device.json is checked with the firmware's own rules before anything is written.

        Exit codes: 0 done; 2 bad option, device.json or TMPDIR; 3 serial port or application image missing or unusable;
        4 nanoff could not be installed or a nanoff step failed; 130 stopped by Ctrl+C, a closed terminal or a kill
        (the secrets' files are deleted first). A dry run checks device.json (exit 2 when invalid)
        but never stops for a missing image, board or nanoff: it says so and prints the plan anyway.
        """;

    /// <summary>
    /// Parses <paramref name="arguments"/> and runs <paramref name="run"/> with the options. A mistake on the command
    /// line is reported on <paramref name="errors"/> with exit code 2; --help prints the help.
    /// </summary>
    public static int Invoke(string[] arguments, TextWriter output, TextWriter errors, Func<FlashOptions, int> run)
    {
        var config = new Option<string?>("--config")
        {
            Description = "device settings (default: tools/flash/device.json of this repository, wherever the tool is run from); start from tools/flash/device.example.json",
            HelpName = "FILE",
        };
        config.Validators.Add(result => RequireText(result, "--config", "the path of your device.json, or leave --config out for tools/flash/device.json"));
        var port = new Option<string?>("--port")
        {
            Description = "serial port of the board, e.g. /dev/ttyUSB0, /dev/cu.usbserial-0001 or COM3 (default: the only one there is)",
            HelpName = "PORT",
        };
        port.Validators.Add(result => RequireText(result, "--port", "the board's serial port, e.g. /dev/ttyUSB0 or COM3, or leave --port out to use the only one there is"));
        var target = new Option<string>("--target")
        {
            Description = $"nanoff target of the nanoCLR image; {DefaultTarget} runs on every board with the original ESP32 chip; some named boards have their own (dotnet nanoff --listtargets --platform esp32). ESP32-S2/S3/C3 are not supported yet: the configuration's pin checks are the original ESP32's",
            HelpName = "NAME",
            DefaultValueFactory = _ => DefaultTarget,
        };
        target.Validators.Add(result =>
        {
            string? problem = TargetProblem(result.GetValueOrDefault<string>() ?? "");
            if (problem != null)
            {
                result.AddError(problem + "; 'dotnet nanoff --listtargets --platform esp32' lists the names");
            }
        });
        var image = new Option<string?>("--image")
        {
            Description = "application image (default: the newer HeartRateStreamer.bin of firmware/HeartRateStreamer/bin/Release and bin/Debug, built in Visual Studio)",
            HelpName = "FILE",
        };
        image.Validators.Add(result => RequireText(result, "--image", "the path of HeartRateStreamer.bin, or leave --image out for the newer of bin/Release and bin/Debug"));
        var erase = new Option<bool>("--erase") { Description = "erase the whole flash first (stored Wi-Fi and files go too)" };
        var skipFirmware = new Option<bool>("--skip-firmware") { Description = "keep the nanoCLR already on the board; write only Wi-Fi, configuration and application" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print every command and generated file (secrets masked) and run nothing" };

        var command = new Command("flash", Description) { config, port, target, image, erase, skipFirmware, dryRun, new HelpOption() };
        command.Validators.Add(result =>
        {
            if (result.GetValue(erase) && result.GetValue(skipFirmware))
            {
                result.AddError("--erase wipes the nanoCLR that --skip-firmware wants to keep; use one or the other");
            }
        });
        command.SetAction(parsed => run(new FlashOptions(
            ConfigFile(parsed.GetValue(config)),
            parsed.GetValue(config) ?? Repository.Shown(Repository.DefaultConfigFile),
            parsed.GetValue(port),
            parsed.GetValue(target)!,
            parsed.GetValue(image),
            parsed.GetValue(erase),
            parsed.GetValue(skipFirmware),
            parsed.GetValue(dryRun))));

        // Words the tool does not know are reported below without their text: System.CommandLine would echo
        // "--wifi-password hunter2" back whole, and that password would then be in a terminal's scrollback or a CI log.
        command.TreatUnmatchedTokensAsErrors = false;
        ParseResult parsed = command.Parse(arguments);
        if (parsed.Errors.Count > 0 || parsed.UnmatchedTokens.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine("flash: " + error.Message);
            }

            ReportUnknown(parsed.UnmatchedTokens, [.. command.Options.Select(option => option.Name).Where(name => name.StartsWith("--", StringComparison.Ordinal))], errors);

            errors.WriteLine("Run with --help for the options.");
            return ExitCodes.InvalidConfiguration;
        }

        if (parsed.Action is HelpAction)
        {
            var help = new StringWriter();
            int exitCode = parsed.Invoke(new InvocationConfiguration { Output = help, Error = errors });
            output.Write(WithoutAdditionalArguments(help.ToString()));
            return exitCode;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors });
    }

    // System.CommandLine offers "[[--] <additional arguments>...]" and an "Additional Arguments" section, "passed to the
    // application", to a command that leaves unknown words to its own check; this one refuses them (ReportUnknown). Its
    // help builder cannot be changed from outside, so its text is: the usage as the README gives it, and no such section.
    // The usage line is matched up to its line end, not with ".*", which takes a CRLF line's \r; the text keeps its own line ends.
    internal static string WithoutAdditionalArguments(string help)
    {
        string usage = Regex.Replace(help, @"(?m)^Usage:(?<end>\r?\n)[^\r\n]*", "Usage:${end}  dotnet run --project tools/flash -- [options]");
        return Regex.Replace(usage, @"(?ms)^Additional Arguments:\r?\n.*?(?:\r?\n\r?\n|\z)", "").TrimEnd() + Environment.NewLine;
    }

    // Words the tool does not know are shown by the PC tools' one rule (UnknownWords): an option without a value joined to
    // it, any other word only counted. A misspelt option gets the one it was probably meant to be (NearestKey.ForOption).
    private static void ReportUnknown(IReadOnlyList<string> unknown, string[] options, TextWriter errors)
    {
        bool hidden = false;
        int words = 0;
        foreach (string token in unknown)
        {
            if (UnknownWords.Shown(token) is not string shown)
            {
                words++;
                continue;
            }

            hidden |= shown != token;
            string? meant = NearestKey.ForOption(token, options);
            errors.WriteLine($"flash: {shown} is not an option of this tool.{(meant == null ? "" : $" Did you mean {meant}?")}");
        }

        if (words > 0)
        {
            hidden = true;
            errors.WriteLine("flash: " + UnknownWords.Unshown(words, "a password or a token"));
        }

        if (hidden)
        {
            errors.WriteLine("flash: the Wi-Fi password, the stream tokens and the API key go in device.json (--config FILE), never on the command line.");
        }
    }

    /// <summary>
    /// The device.json to read: the one given, from the current folder as the person typed it, or by default the
    /// repository's tools/flash/device.json, wherever the tool is run from.
    /// </summary>
    private static string ConfigFile(string? given) => given == null ? Repository.DefaultConfigFile : Path.GetFullPath(given);

    // A path or port given as "" (or only spaces) names nothing; System.IO would throw for it much later.
    private static void RequireText(OptionResult result, string option, string what)
    {
        if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string?>()))
        {
            result.AddError($"{option} needs {what}");
        }
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot be a nanoff target, or null. nanoff's names are letters, digits and '_', in
    /// either case (ESP32_PSRAM_REV0, M5Core2, M5StickC, IngenuityMicro_...), and it picks the platform by their start.
    /// </summary>
    internal static string? TargetProblem(string name)
    {
        if (name.Length == 0)
        {
            return "--target needs a name, e.g. ESP32_PSRAM_REV0, ESP32_S3 or M5Core2";
        }

        Match other = NotInTargetName().Match(name);
        return other.Success
            ? $"--target '{name}' is not a nanoff target name: {Describe(other.Value[0])} is not allowed, only letters, digits and _ (e.g. ESP32_PSRAM_REV0, ESP32_S3, M5Core2)"
            : null;
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotInTargetName();
}
