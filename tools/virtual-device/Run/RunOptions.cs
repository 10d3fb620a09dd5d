using System.CommandLine;
using System.CommandLine.Help;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// The `run` command's options, checked: every mistake is an <see cref="InputException"/> saying what to change (a
/// <see cref="CommandLineException"/> when the command line itself is wrong).
/// </summary>
public sealed class RunOptions
{
    private static readonly Option<string?> s_config = new("--config")
    {
        Description = "the device.json the flash tool deploys, read by the firmware's own rules and messages",
        HelpName = "FILE",
    };

    // Shorthand for keys of device.json; they override the file.
    private static readonly (Option<string?> Option, string Key)[] s_keys =
    [
        (new("--server") { Description = "server.url: the stream server, http://HOST:PORT or https://HOST:PORT", HelpName = "URL" }, ConfigurationKeys.ServerUrl),
        (new("--token") { Description = "server.pulseToken: the pulse-wave trace's stream token", HelpName = "T" }, ConfigurationKeys.ServerPulseToken),
        (new("--bpm-token") { Description = "server.heartRateToken: the heart-rate trace's stream token", HelpName = "T2" }, ConfigurationKeys.ServerHeartRateToken),
        (new("--spo2-token") { Description = "server.spo2Token: the SpO2 trace's stream token", HelpName = "T3" }, ConfigurationKeys.ServerOxygenSaturationToken),
        (new("--rmssd-token") { Description = "server.rmssdToken: the RMSSD trace's stream token", HelpName = "T4" }, ConfigurationKeys.ServerRmssdToken),
        (new("--sdnn-token") { Description = "server.sdnnToken: the SDNN trace's stream token", HelpName = "T5" }, ConfigurationKeys.ServerSdnnToken),
        (new("--sensor") { Description = "sensor.type: max30102 or analog", HelpName = "max30102|analog" }, ConfigurationKeys.SensorType),
    ];

    private static readonly Option<double> s_heartbeatSeconds = OptionValues.ConfigurationNumber("--heartbeat-seconds",
        $"server.heartbeatSeconds: silence before a stream sends a heartbeat, {HeartbeatSchedule.ShortestIntervalSeconds} to {HeartbeatSchedule.LongestIntervalSeconds} whole seconds",
        "S");

    private static readonly Option<string> s_source = new("--source")
    {
        Description = "synthetic: a simulated sensor fed by the synthetic PPG generator; FILE.csv: a recording with a 'time' column in "
            + "milliseconds and either 'ir' (and 'red') or a phone camera's 'R', 'G', 'B' (R, or G when R is clipped), played once through the simulated MAX30102",
        HelpName = "synthetic|FILE.csv",
        DefaultValueFactory = _ => "synthetic",
    };

    private static readonly Option<double> s_bpm = OptionValues.BeatsPerMinute();

    private static readonly Option<double> s_duration = OptionValues.Duration();

    private static readonly Option<bool> s_noFinger = new("--no-finger") { Description = "the synthetic finger stays off the sensor: no pulse, no readings" };

    /// <summary>The `run` command: its options and help (System.CommandLine).</summary>
    public static Command Definition { get; } = Define();

    /// <summary>What run accepts, printed for --help and after a usage mistake.</summary>
    public static string Usage => OptionValues.Help(Definition);

    /// <summary>The device's configuration: the file, if any, and the options' keys.</summary>
    public DeviceConfiguration Configuration { get; private init; } = new(null);

    /// <summary>What the sensor sees.</summary>
    public SensorScene Scene { get; private init; } = new();

    /// <summary>How long to run, or null for until Ctrl+C.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>True when --help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Reads the arguments after "run".</summary>
    public static RunOptions Parse(string[] arguments)
    {
        ParseResult? parsed = OptionValues.Parse(Definition, arguments);
        if (parsed == null)
        {
            return new RunOptions { Help = true };
        }

        string? configFile = parsed.GetValue(s_config);
        var keys = new List<(string Key, object Value, string Option)>();
        foreach ((Option<string?> option, string key) in s_keys)
        {
            if (parsed.GetValue(option) is string value)
            {
                keys.Add((key, value, option.Name));
            }
        }

        if (parsed.GetResult(s_heartbeatSeconds) != null)
        {
            // The number as given: the firmware's reader refuses a fraction or a number out of range, as it does in device.json.
            keys.Add((ConfigurationKeys.ServerHeartbeatSeconds, parsed.GetValue(s_heartbeatSeconds), s_heartbeatSeconds.Name));
        }

        TimeSpan? duration = parsed.GetResult(s_duration) != null ? TimeSpan.FromSeconds(parsed.GetValue(s_duration)) : null;
        if (configFile == null && !keys.Exists(entry => entry.Key == ConfigurationKeys.ServerUrl))
        {
            throw new CommandLineException("no server given: add --server http://HOST:PORT (the stream server's address), or --config device.json.");
        }

        if (configFile == null && !keys.Exists(entry => entry.Key == ConfigurationKeys.ServerPulseToken))
        {
            throw new CommandLineException("no stream token given: add --token T (the pulse-wave trace's stream token), or --config device.json.");
        }

        if (configFile != null && !File.Exists(configFile))
        {
            throw new InputException($"--config {OptionValues.NotAFile(configFile)}; give the device.json the flash tool deploys.");
        }

        SensorScene scene = OptionValues.Scene(parsed, s_source, s_bpm, s_noFinger);
        var configuration = new DeviceConfiguration(configFile);
        foreach ((string key, object value, string option) in keys)
        {
            configuration.Set(key, value, option);
        }

        return new RunOptions
        {
            Configuration = configuration,
            Scene = scene,
            Duration = duration,
        };
    }

    private static Command Define()
    {
        var command = new Command("run", """
            Runs the firmware's own device composition on a PC, exactly as a board configured with device.json would: it
            creates the plot at start-up when the file gives server.user and server.apiKey, and streams the pulse wave
            (--token), heart rate (--bpm-token), SpO2 (--spo2-token), RMSSD (--rmssd-token) and SDNN (--sdnn-token) to any
            Plotly-style stream server (http or https).
            Give --config device.json, or --server and --token. The device's log and a status line every second go to
            standard output; Ctrl+C or SIGTERM ends the streams properly.
            """)
        {
            s_config,
        };
        foreach ((Option<string?> option, _) in s_keys)
        {
            command.Options.Add(option);
        }

        foreach (Option option in new Option[] { s_heartbeatSeconds, s_source, s_bpm, s_duration, s_noFinger, new HelpOption() })
        {
            command.Options.Add(option);
        }

        return command;
    }
}
