using HeartRateStreamer.Configuration;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>The default command's options, checked: every mistake is a <see cref="InputException"/> saying what to change.</summary>
public sealed class DemoOptions
{
    /// <summary>What the default command accepts, printed for --help and after a usage mistake.</summary>
    public const string Usage =
        """
        Usage: virtual-device [--config device.json] [--sensor max30102|analog] [--source synthetic|FILE.csv] [--bpm N]
                              [--server URL --user NAME --key KEY] [--duration SECONDS] [--faults] [--network-down SECONDS]

        The whole system in one command: starts the stream server in-process (loopback, SQLite in a temporary
        folder) and runs the firmware's own device composition on a PC, fed by a simulated sensor. At start-up the
        device creates its plot (pulse, heart rate, SpO2) through POST /clientresp, as a board does; the link is printed,
        then a status line every second.
          --config FILE        the device.json the flash tool deploys, read by the firmware's own rules; its server.url,
                               server.user and server.apiKey are replaced by the embedded server's (or --server's)
          --sensor max30102    the MAX30102 at register level, read by the real driver (default; sensor.type)
          --sensor analog      the analog PulseSensor on a simulated ADC, read by the real driver (no SpO2)
          --source FILE.csv    play a recording through the simulated MAX30102 (see `run --help` for its columns)
          --bpm N              the synthetic heart rate, 30 to 240 (default 72)
          --server URL         an external stream server instead of the embedded one (needs --user and --key)
          --duration SECONDS   stop after this long (default: until Ctrl+C)
          --faults             a scripted sequence: the network drops for 15 s, the finger lifts for 10 s,
                               the sensor stops answering for 5 s; the status line shows each fault and the recovery
          --network-down S     the network drops for S seconds, 20 s after the start (with --faults: instead of its 15 s);
                               the device measures on, and the plot shows the readings once the network is back
        """;

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

    /// <summary>True when --help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Reads the command line (no command name in front).</summary>
    public static DemoOptions Parse(string[] arguments)
    {
        string? configFile = null;
        string? sensor = null;
        string source = "synthetic";
        double bpm = new SensorScene().BeatsPerMinute;
        ServerAddress? server = null;
        string user = "";
        string key = "";
        TimeSpan? duration = null;
        bool faults = false;
        double networkDownSeconds = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            string name = arguments[i];
            switch (name)
            {
                case "--help":
                case "-h":
                    return new DemoOptions { Help = true };
                case "--config":
                    configFile = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--sensor":
                    sensor = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--source":
                    source = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--bpm":
                    bpm = CommandLine.TakeNumber(arguments, ref i, SensorScene.SlowestBeatsPerMinute, SensorScene.FastestBeatsPerMinute);
                    break;
                case "--server":
                    string url = CommandLine.TakeValue(arguments, ref i);
                    try
                    {
                        server = ServerAddress.Parse(url);
                    }
                    catch (ArgumentException e)
                    {
                        throw new InputException($"--server '{url}' is not a server address ({e.Message}); use http://HOST:PORT or https://HOST:PORT.");
                    }

                    break;
                case "--user":
                    user = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--key":
                    key = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(CommandLine.TakeNumber(arguments, ref i, 1, 7 * 24 * 3600));
                    break;
                case "--faults":
                    faults = true;
                    break;
                case "--network-down":
                    networkDownSeconds = CommandLine.TakeNumber(arguments, ref i, 1, 24 * 3600);
                    break;
                default:
                    throw new InputException($"'{name}' is not an option of the default command (see --help).");
            }
        }

        if (server != null && (user.Length == 0 || key.Length == 0))
        {
            throw new InputException("--server needs --user NAME and --key KEY: the plot account that creates the plot through /clientresp.");
        }

        if (server == null && (user.Length > 0 || key.Length > 0))
        {
            throw new InputException("--user and --key are for an external --server; the embedded server makes its own account.");
        }

        if (configFile != null && !File.Exists(configFile))
        {
            throw new InputException($"--config '{configFile}' does not exist; give the device.json the flash tool deploys (tools/flash/device.example.json shows every key).");
        }

        string? sourceFile = source == "synthetic" ? null : source;
        if (sourceFile != null && !File.Exists(sourceFile))
        {
            throw new InputException($"--source '{sourceFile}' does not exist; give a CSV recording or 'synthetic'.");
        }

        if (sourceFile != null && sensor == "analog")
        {
            throw new InputException("--source FILE.csv is played through the simulated MAX30102; leave out --sensor analog.");
        }

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
            Scene = new SensorScene { SourceFile = sourceFile, BeatsPerMinute = bpm },
            Server = server,
            User = user,
            Key = key,
            Duration = duration,
            Faults = FaultScript.WithNetworkDown(faults ? FaultScript.Default : FaultScript.None, (long)(networkDownSeconds * 1000)),
        };
    }

    private static string RandomToken() => "vd" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(10, lowercase: true);
}
