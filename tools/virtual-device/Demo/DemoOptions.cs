using System.CommandLine;
using System.CommandLine.Help;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// The default command's options, checked: every mistake is an <see cref="InputException"/> saying what to change (a
/// <see cref="CommandLineException"/> when the command line itself is wrong).
/// </summary>
public sealed class DemoOptions
{
    private static readonly Option<string?> s_config = new("--config")
    {
        Description = "the device.json the flash tool deploys, read by the firmware's own rules; its server.url, server.user and "
            + "server.apiKey are replaced by the embedded server's (or --server's)",
        HelpName = "FILE",
    };

    private static readonly Option<string?> s_sensor = new("--sensor")
    {
        Description = "max30102: the MAX30102 at register level, read by the real driver (default; sensor.type); "
            + "analog: the analog PulseSensor on a simulated ADC, read by the real driver (no SpO2)",
        HelpName = "max30102|analog",
    };

    private static readonly Option<string> s_source = new("--source")
    {
        Description = "synthetic (default), or play a recording FILE.csv through the simulated MAX30102 (see `run --help` for its columns)",
        HelpName = "synthetic|FILE.csv",
        DefaultValueFactory = _ => "synthetic",
    };

    private static readonly Option<double> s_bpm = OptionValues.BeatsPerMinute();

    private static readonly Option<string?> s_server = new("--server")
    {
        Description = "an external stream server instead of the embedded one (needs --user and --key)",
        HelpName = "URL",
    };

    private static readonly Option<string?> s_user = new("--user") { Description = "the plot account's user on the external --server", HelpName = "NAME" };

    private static readonly Option<string?> s_key = new("--key") { Description = "the plot account's API key on the external --server", HelpName = "KEY" };

    private static readonly Option<double> s_duration = OptionValues.Duration();

    private static readonly Option<bool> s_faults = new("--faults")
    {
        Description = "a scripted sequence: the network drops for 15 s, the finger lifts for 10 s, the sensor stops answering for 5 s; "
            + "the status line shows each fault and the recovery",
    };

    private static readonly Option<double> s_networkDown = OptionValues.Number("--network-down", 1, 24 * 3600,
        "the network drops for S seconds, 20 s after the start (with --faults: instead of its 15 s); the device measures on, "
        + "and the plot shows the readings once the network is back", "S");

    /// <summary>
    /// The default command (the program itself, <c>virtual-device</c>): its options and help (System.CommandLine).
    /// The other commands are added to it as subcommands by <see cref="Program"/>, so its help lists them.
    /// </summary>
    public static Command Definition { get; } = new("virtual-device", """
        The whole system in one command: starts the stream server in-process (loopback, SQLite in a temporary folder)
        and runs the firmware's own device composition on a PC, fed by a simulated sensor. At start-up the device
        creates its plot (pulse, heart rate, SpO2, RMSSD, SDNN) through POST /clientresp, as a board does; the link is printed,
        then a status line every second.
        """)
    {
        s_config, s_sensor, s_source, s_bpm, s_server, s_user, s_key, s_duration, s_faults, s_networkDown, new HelpOption(),
    };

    /// <summary>What the default command accepts, printed for --help and after a usage mistake.</summary>
    public static string Usage => OptionValues.Help(Definition);

    /// <summary>The plot's file name without --config: the same each run, so a run overwrites the last one instead of piling up plots.</summary>
    public const string PlotName = "virtual-device";

    /// <summary>The device's configuration: the file, if any, and the options' keys (the server's are set by the command).</summary>
    public DeviceConfiguration Configuration { get; private init; } = new(null);

    /// <summary>What the sensor sees.</summary>
    public SensorScene Scene { get; private init; } = new();

    /// <summary>An external server, or null for the embedded one.</summary>
    public ServerAddress? Server { get; private init; }

    /// <summary>The plot account's user on an external server.</summary>
    public string User { get; private init; } = "";

    /// <summary>The plot account's API key on an external server.</summary>
    public string Key { get; private init; } = "";

    /// <summary>How long to run, or null for until Ctrl+C.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>The scripted faults: none, the --faults sequence, or a network drop of --network-down seconds.</summary>
    public FaultScript Faults { get; private init; } = FaultScript.None;

    // --network-down was given: a refusal for the network drop names it, not --faults.
    private bool NetworkDownGiven { get; init; }

    /// <summary>True when --help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Reads the command line (no command name in front).</summary>
    public static DemoOptions Parse(string[] arguments)
    {
        ParseResult? parsed = OptionValues.Parse(Definition, arguments);
        if (parsed == null)
        {
            return new DemoOptions { Help = true };
        }

        string? configFile = parsed.GetValue(s_config);
        string? sensor = parsed.GetValue(s_sensor);
        ServerAddress? server = null;
        if (parsed.GetValue(s_server) is string url)
        {
            try
            {
                server = ServerAddress.Parse(url);
            }
            catch (ArgumentException e)
            {
                // Not the address itself: it may carry a password before '@' (the reason quotes it whenever that is safe).
                throw new CommandLineException($"--server is not a server address: {e.Message} Use http://HOST:PORT or https://HOST:PORT.");
            }
        }

        string user = parsed.GetValue(s_user) ?? "";
        string key = parsed.GetValue(s_key) ?? "";
        TimeSpan? duration = parsed.GetResult(s_duration) != null ? TimeSpan.FromSeconds(parsed.GetValue(s_duration)) : null;
        bool faults = parsed.GetValue(s_faults);
        double networkDownSeconds = parsed.GetResult(s_networkDown) != null ? parsed.GetValue(s_networkDown) : 0;
        if (server != null && (user.Length == 0 || key.Length == 0))
        {
            throw new CommandLineException("--server needs --user NAME and --key KEY: the plot account that creates the plot through /clientresp.");
        }

        if (server == null && (user.Length > 0 || key.Length > 0))
        {
            throw new CommandLineException("--user and --key are for an external --server; the embedded server makes its own account.");
        }

        if (configFile != null && !File.Exists(configFile))
        {
            throw new InputException($"--config {OptionValues.NotAFile(configFile)}; give the device.json the flash tool deploys (tools/flash/device.example.json shows every key).");
        }

        SensorScene scene = OptionValues.Scene(parsed, s_source, s_bpm);
        var configuration = new DeviceConfiguration(configFile);
        if (configFile == null)
        {
            // Without a file: fresh random tokens, so a run never writes into another run's (or another user's) plot.
            configuration
                .Set(ConfigurationKeys.ServerPulseToken, RandomToken(), "the demo's pulse token")
                .Set(ConfigurationKeys.ServerHeartRateToken, RandomToken(), "the demo's heart-rate token")
                .Set(ConfigurationKeys.ServerOxygenSaturationToken, RandomToken(), "the demo's SpO2 token")
                .Set(ConfigurationKeys.ServerRmssdToken, RandomToken(), "the demo's RMSSD token")
                .Set(ConfigurationKeys.ServerSdnnToken, RandomToken(), "the demo's SDNN token")
                .Set(ConfigurationKeys.ServerPlotName, PlotName, "the demo's plot name");
        }

        if (sensor != null)
        {
            configuration.Set(ConfigurationKeys.SensorType, sensor, "--sensor");
        }

        return new DemoOptions
        {
            Configuration = configuration,
            Scene = scene,
            Server = server,
            User = user,
            Key = key,
            Duration = duration,
            Faults = FaultScript.WithNetworkDown(faults ? FaultScript.Default : FaultScript.None, (long)(networkDownSeconds * 1000)),
            NetworkDownGiven = networkDownSeconds > 0,
        };
    }

    /// <summary>
    /// Refuses a fault of <paramref name="happening"/> (the script as far as it can happen to this run's sensor,
    /// <see cref="FaultScript.For"/>) that would not be over before --duration ends the run: asked for and never shown, it
    /// would look ignored. The last fault is named, so the --duration it asks for covers them all.
    /// </summary>
    public void RefuseFaultsAfterTheEnd(FaultScript happening)
    {
        FaultWindow? last = happening.All.Where(window => window.DurationMilliseconds > 0).MaxBy(window => window.EndMilliseconds);
        if (Duration is not TimeSpan duration || last == null || last.EndMilliseconds < duration.TotalMilliseconds)
        {
            return;
        }

        string option = last == happening.NetworkDown && NetworkDownGiven ? "--network-down" : "--faults";
        throw new CommandLineException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{option} puts '{last.Name}' from {last.StartMilliseconds / 1000.0} to {last.EndMilliseconds / 1000.0} s after the start, "
            + $"but --duration {duration.TotalSeconds} ends the run before it is over: give --duration more than {last.EndMilliseconds / 1000.0} "
            + $"(and about 10 s more to see the device recover), or leave {option} out."));
    }

    private static string RandomToken() => "vd" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(10, lowercase: true);
}
