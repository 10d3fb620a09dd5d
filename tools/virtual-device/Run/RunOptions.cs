using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>The `run` command's options, checked: every mistake is a <see cref="InputException"/> saying what to change.</summary>
public sealed class RunOptions
{
    /// <summary>What run accepts, printed for --help and after a usage mistake.</summary>
    public const string Usage =
        """
        Usage: virtual-device run --config device.json [options]
               virtual-device run --server http://HOST:PORT --token T [--bpm-token T2] [--spo2-token T3] [options]
        options: [--sensor max30102|analog] [--source synthetic|FILE.csv] [--bpm N] [--duration SECONDS]
                 [--heartbeat-seconds S] [--no-finger]

        Runs the firmware's own device composition on a PC, exactly as a board configured with device.json would:
        it creates the plot at start-up when the file gives server.user and server.apiKey, and streams the pulse wave
        (token T), heart rate (T2) and SpO2 (T3) to any Plotly-style stream server (http or https).
          --config FILE        the device.json the flash tool deploys, read by the firmware's own rules and messages
          --server, --token, --bpm-token, --spo2-token, --sensor, --heartbeat-seconds
                               shorthand for server.url, server.pulseToken, server.heartRateToken, server.spo2Token,
                               sensor.type and server.heartbeatSeconds (they override the file)
          --source synthetic   a simulated sensor fed by the synthetic PPG generator (default)
          --source FILE.csv    a recording with a 'time' column in milliseconds and either 'ir' (and 'red') or
                               the welltory camera's 'R' column, played once through the simulated MAX30102
          --bpm N              the synthetic heart rate, 30 to 240 (default 72)
          --duration SECONDS   stop after this long, ending each stream with 0\r\n\r\n (default: until Ctrl+C)
          --no-finger          the synthetic finger stays off the sensor: no pulse, no readings
        The device's log and a status line every second go to standard output; Ctrl+C ends the streams properly.
        """;

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
        string? configFile = null;
        var keys = new List<(string Key, object Value, string Option)>();
        string source = "synthetic";
        double bpm = new SensorScene().BeatsPerMinute;
        TimeSpan? duration = null;
        bool noFinger = false;
        for (int i = 0; i < arguments.Length; i++)
        {
            string name = arguments[i];
            switch (name)
            {
                case "--help":
                case "-h":
                    return new RunOptions { Help = true };
                case "--config":
                    configFile = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--server":
                    keys.Add((ConfigurationKeys.ServerUrl, CommandLine.TakeValue(arguments, ref i), name));
                    break;
                case "--token":
                    keys.Add((ConfigurationKeys.ServerPulseToken, CommandLine.TakeValue(arguments, ref i), name));
                    break;
                case "--bpm-token":
                    keys.Add((ConfigurationKeys.ServerHeartRateToken, CommandLine.TakeValue(arguments, ref i), name));
                    break;
                case "--spo2-token":
                    keys.Add((ConfigurationKeys.ServerOxygenSaturationToken, CommandLine.TakeValue(arguments, ref i), name));
                    break;
                case "--sensor":
                    keys.Add((ConfigurationKeys.SensorType, CommandLine.TakeValue(arguments, ref i), name));
                    break;
                case "--heartbeat-seconds":
                    keys.Add((ConfigurationKeys.ServerHeartbeatSeconds, (int)CommandLine.TakeNumber(arguments, ref i, 1, 59), name));
                    break;
                case "--source":
                    source = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--bpm":
                    bpm = CommandLine.TakeNumber(arguments, ref i, SensorScene.SlowestBeatsPerMinute, SensorScene.FastestBeatsPerMinute);
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(CommandLine.TakeNumber(arguments, ref i, 0.1, 7 * 24 * 3600));
                    break;
                case "--no-finger":
                    noFinger = true;
                    break;
                default:
                    throw new InputException($"unknown option '{name}'.");
            }
        }

        if (configFile == null && !keys.Exists(entry => entry.Key == ConfigurationKeys.ServerUrl))
        {
            throw new InputException("no server given: add --server http://HOST:PORT (the stream server's address), or --config device.json.");
        }

        if (configFile == null && !keys.Exists(entry => entry.Key == ConfigurationKeys.ServerPulseToken))
        {
            throw new InputException("no stream token given: add --token T (the pulse-wave trace's stream token), or --config device.json.");
        }

        if (configFile != null && !File.Exists(configFile))
        {
            throw new InputException($"--config {configFile}: no such file; give the device.json the flash tool deploys.");
        }

        string? file = source == "synthetic" ? null : source;
        if (file != null && !File.Exists(file))
        {
            throw new InputException($"--source {file}: no such file; give a CSV recording or 'synthetic'.");
        }

        if (file != null && noFinger)
        {
            throw new InputException("--no-finger applies to the synthetic source only; a recording has its own finger.");
        }

        var configuration = new DeviceConfiguration(configFile);
        foreach ((string key, object value, string option) in keys)
        {
            configuration.Set(key, value, option);
        }

        return new RunOptions
        {
            Configuration = configuration,
            Scene = new SensorScene { SourceFile = file, BeatsPerMinute = bpm, NoFinger = noFinger },
            Duration = duration,
        };
    }
}
