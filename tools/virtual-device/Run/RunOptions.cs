using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Demo;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>The `run` command's options, checked: every mistake is a <see cref="InputException"/> saying what to change.</summary>
public sealed class RunOptions
{
    /// <summary>What run accepts, printed for --help and after a usage mistake.</summary>
    public const string Usage =
        """
        Usage: virtual-device run --server http://HOST:PORT --token T [--bpm-token T2] [--spo2-token T3]
                                  [--source synthetic|FILE.csv] [--bpm N] [--duration SECONDS]
                                  [--heartbeat-seconds S] [--no-finger]

        Streams the pulse wave (token T), heart rate (T2) and SpO2 (T3) from a simulated MAX30102 or a recording,
        through the same core code the device runs, to any Plotly-style stream server (http or https).
          --source synthetic   a simulated MAX30102 fed by the synthetic PPG generator (default)
          --source FILE.csv    a recording with a 'time' column in milliseconds and either 'ir' (and 'red') or
                               the welltory camera's 'R' column; played back in real time, once
          --bpm N              the synthetic heart rate, 30 to 240 (default 72)
          --duration SECONDS   stop after this long, ending each stream with 0\r\n\r\n (default: until Ctrl+C)
          --heartbeat-seconds S  silence before a heartbeat, 1 to 59 (default 30)
          --no-finger          the synthetic finger stays off the sensor: no pulse, no readings
        A status line is printed every second; Ctrl+C ends the streams properly and reads the server's answers.
        """;

    /// <summary>The stream server.</summary>
    public ServerAddress Server { get; private init; } = new("localhost", ServerAddress.DefaultHttpPort, false);

    /// <summary>The pulse-wave stream token.</summary>
    public string Token { get; private init; } = "";

    /// <summary>The heart-rate stream token, or null for no such stream.</summary>
    public string? HeartRateToken { get; private init; }

    /// <summary>The SpO2 stream token, or null for no such stream.</summary>
    public string? OxygenSaturationToken { get; private init; }

    /// <summary>The device: synthetic or recorded source, heart rate, finger, heartbeat interval.</summary>
    public DeviceSetup Device { get; private init; } = new();

    /// <summary>How long to run, or null for until Ctrl+C.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>True when --help was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Reads the arguments after "run".</summary>
    public static RunOptions Parse(string[] arguments)
    {
        string? server = null;
        string? token = null;
        string? heartRateToken = null;
        string? oxygenToken = null;
        string source = "synthetic";
        var defaults = new DeviceSetup();
        double bpm = defaults.BeatsPerMinute;
        TimeSpan? duration = null;
        int heartbeatSeconds = defaults.HeartbeatSeconds;
        bool noFinger = false;
        for (int i = 0; i < arguments.Length; i++)
        {
            string name = arguments[i];
            switch (name)
            {
                case "--help":
                case "-h":
                    return new RunOptions { Help = true };
                case "--server":
                    server = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--token":
                    token = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--bpm-token":
                    heartRateToken = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--spo2-token":
                    oxygenToken = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--source":
                    source = CommandLine.TakeValue(arguments, ref i);
                    break;
                case "--bpm":
                    bpm = CommandLine.TakeNumber(arguments, ref i, DeviceSetup.SlowestBeatsPerMinute, DeviceSetup.FastestBeatsPerMinute);
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(CommandLine.TakeNumber(arguments, ref i, 0.1, 7 * 24 * 3600));
                    break;
                case "--heartbeat-seconds":
                    heartbeatSeconds = (int)CommandLine.TakeNumber(arguments, ref i, 1, 59);
                    break;
                case "--no-finger":
                    noFinger = true;
                    break;
                default:
                    throw new InputException($"unknown option '{name}'.");
            }
        }

        if (server == null)
        {
            throw new InputException("no server given: add --server http://HOST:PORT (the stream server's address).");
        }

        if (token == null)
        {
            throw new InputException("no stream token given: add --token T (the pulse-wave trace's stream token).");
        }

        ServerAddress address;
        try
        {
            address = ServerAddress.Parse(server);
        }
        catch (ArgumentException e)
        {
            throw new InputException("--server: " + e.Message);
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

        return new RunOptions
        {
            Server = address,
            Token = token,
            HeartRateToken = heartRateToken,
            OxygenSaturationToken = oxygenToken,
            Device = new DeviceSetup { SourceFile = file, BeatsPerMinute = bpm, HeartbeatSeconds = heartbeatSeconds, NoFinger = noFinger },
            Duration = duration,
        };
    }
}
