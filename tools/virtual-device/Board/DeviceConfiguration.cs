using System.Text.Json;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The virtual device's configuration, read as the board reads its own: the same device.json the flash tool deploys
/// (<c>--config FILE</c>), handed key by key to the firmware's <see cref="ConfigurationReader"/> by <see cref="DeviceJson"/>
/// (tools/device-json, shared with the flash tool, which leaves out the flash tool's own <c>server.caCertificateFile</c>),
/// and logged by the board's <see cref="ConfigurationStartup"/>, so the same rules, defaults and lines apply. Command-line
/// options are a shorthand for keys (<c>--sensor analog</c> is <c>sensor.type</c>) applied after the file.
/// </summary>
public sealed class DeviceConfiguration : IConfigurationSource
{
    private readonly string? _file;
    private string _text = ""; // the file's text as the last read took it
    private readonly List<(string Key, object Value, string Option)> _options = [];
    private int _fileProblems; // the reader's problems the last read found in the file, before the options were applied

    /// <summary>A configuration from <paramref name="file"/> (null: from the options alone).</summary>
    public DeviceConfiguration(string? file) => _file = file;

    /// <inheritdoc/>
    public string Path => _file ?? "the command line";

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, as the command-line <paramref name="option"/> asked.</summary>
    public DeviceConfiguration Set(string key, object value, string option)
    {
        _options.RemoveAll(entry => entry.Key == key);
        _options.Add((key, value, option));
        return this;
    }

    /// <summary>The command-line option that set <paramref name="key"/>, or null when the key is the file's (or the default).</summary>
    public string? OptionFor(string key) => _options.FirstOrDefault(entry => entry.Key == key).Option;

    /// <inheritdoc/>
    public ConfigurationReader? Read(out StartupFailure failure, out string reason)
    {
        failure = StartupFailure.ConfigurationUnusable;
        reason = "";
        ConfigurationReader reader = DeviceJson.NewReader();
        if (_file != null)
        {
            if (!File.Exists(_file))
            {
                failure = StartupFailure.ConfigurationMissing;
                reason = "there is no file " + _file;
                return null;
            }

            try
            {
                // Read as the flash tool reads it (strict UTF-8): a file it would refuse must not run here.
                (string problem, string text) = OptionValues.ReadUserFile(_file, () => (DeviceJson.ReadFile(_file, out string read), read));
                if (problem.Length == 0)
                {
                    problem = DeviceJson.ApplyJson(text, reader);
                    _text = text;
                }

                if (problem.Length > 0)
                {
                    reason = _file + problem;
                    return null;
                }
            }
            catch (InputException e)
            {
                reason = e.Message;
                return null;
            }
        }

        _fileProblems = reader.ProblemCount;
        foreach ((string key, object value, _) in _options)
        {
            reader.Apply(key, value);
        }

        reader.Finish();
        return reader;
    }

    /// <summary>
    /// Reads the configuration for a command once, as the board reads its file (<see cref="ConfigurationStartup.Read"/>:
    /// the board's <c>Configuration:</c> lines, stamped with <paramref name="clock"/>, on <paramref name="output"/>). A
    /// problem of a key an option set is a mistake on the command line (<see cref="CommandLineException"/> naming the option);
    /// a file the device cannot run on stops the command with the firmware's messages and the policy's advice, where the
    /// board reads its file again every 10 s until someone deploys a corrected one.
    /// </summary>
    public DeviceSettings Load(IClock clock, ILogOutput output)
    {
        // The board's lines are held until the options are judged: a refused option stops the command with its one line,
        // not after a board's warning that says what a board would do with it ("Using the default 30.").
        var held = new StringWriter();
        ConfigurationReader? reader = ConfigurationStartup.Read(this, new DeviceLog(clock, new TextLogOutput(held)), out StartupFailure failure, out string reason);
        if (reader == null)
        {
            Show(held, output);
            throw new InputException(reason);
        }

        var errors = new List<string>();
        for (int i = 0; i < reader.ProblemCount; i++)
        {
            ConfigurationProblem problem = reader.GetProblem(i);
            // Only a problem the option's value made is the option's: the file's own bad value of a key an option then
            // replaces (the default command's server.url) is the file's, not the option's, which the user may not have given.
            (string Key, object Value, string Option) option = i >= _fileProblems ? _options.FirstOrDefault(entry => entry.Key == problem.Key) : default;
            if (option.Option != null)
            {
                // Without what a board then does ("Using the default 30."): a board carries on, the command refuses and does nothing.
                throw new CommandLineException($"{option.Option} '{option.Value}': {problem.Problem}");
            }

            if (problem.IsFatal)
            {
                errors.Add(problem.ToString());
            }
        }

        Show(held, output);
        if (errors.Count > 0)
        {
            string advice = new StartupPolicy(clock, false).Decide(failure).Advice;
            throw new InputException(Path + " cannot run a device:\n  " + string.Join("\n  ", errors) + "\n" + advice);
        }

        CertificateAuthority = ReadCertificateAuthority();
        return reader.Settings;
    }

    private static void Show(StringWriter held, ILogOutput output)
    {
        foreach (string line in held.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>
    /// The server's CA that the file names (<see cref="DeviceJson.CaCertificateFileKey"/>), once <see cref="Load"/> has
    /// read it: the flash tool stores it on the board, so the virtual board trusts it alone. Null when the file names none.
    /// </summary>
    public CaCertificateFile? CertificateAuthority { get; private set; }

    // The file was read whole by the reader above, so it parses; a CA file the flash tool would refuse stops the command.
    private CaCertificateFile? ReadCertificateAuthority()
    {
        if (_file == null)
        {
            return null;
        }

        // The text the reader took, not the file again: a file replaced in between would be another configuration.
        using JsonDocument document = JsonDocument.Parse(_text);
        CaCertificateFile? authority = CaCertificateFile.Read(document.RootElement, _file, out string? problem);
        return problem == null ? authority : throw new InputException($"{_file}: {DeviceJson.CaCertificateFileKey} {problem}");
    }
}
