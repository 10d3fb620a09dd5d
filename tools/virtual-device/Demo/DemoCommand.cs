using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// The default command, the whole system in one process: the stream server (embedded, or --server), and the firmware's
/// own device on a <see cref="VirtualBoard"/> in real time; the device creates its plot through /clientresp at
/// start-up, as a board does.
/// </summary>
public static class DemoCommand
{
    // The device connects and creates its plot beside measuring; on a PC with the server at hand that takes well under this.
    private static readonly TimeSpan s_plotWait = TimeSpan.FromSeconds(30);

    // Before the embedded server has a port, the options are checked against this address.
    private const string PlaceholderServer = "http://127.0.0.1:1";

    /// <summary>Runs with the whole command line until --duration, Ctrl+C or SIGTERM; returns 0, 1 when the server stopped every stream, 2 for bad input, 3 on a reboot, 4 when no stream reached the server.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        using var stop = new ManualResetEventSlim();
        // Ctrl+C and SIGTERM alike: end the streams and the server properly instead of dying.
        using var signals = new StopSignals(stop, error, "virtual-device");
        return Run(arguments, output, error, stop);
    }

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, with <paramref name="stop"/> standing for Ctrl+C and SIGTERM (tests set it).</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error, ManualResetEventSlim stop)
    {
        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(arguments);
            if (!options.Help)
            {
                // Every mistake in the options or the files is named before any server starts: the recording is read
                // here too, for a file that cannot be played or a configured sensor that cannot play it.
                PointAt(options, options.Server?.ToString() ?? PlaceholderServer, options.User.Length > 0 ? options.User : "check", options.Key.Length > 0 ? options.Key : "check");
                var clock = new SystemClock();
                DeviceSettings settings = options.Configuration.Load(clock, new TextLogOutput(TextWriter.Null));
                var world = new SensorWorld(options.Scene, clock);
                world.CheckSensor(settings.Sensor, options.Configuration.OptionFor(ConfigurationKeys.SensorType));
                options.RefuseFaultsAfterTheEnd(options.Faults.For(world, settings));
            }
        }
        catch (InputException e)
        {
            return OptionValues.Refuse(e, "virtual-device", DemoOptions.Definition, error);
        }

        if (options.Help)
        {
            output.WriteLine(DemoOptions.Usage);
            return 0;
        }

        try
        {
            return RunAsync(options, stop, output).GetAwaiter().GetResult();
        }
        catch (InputException e)
        {
            return OptionValues.Refuse(e, "virtual-device", DemoOptions.Definition, error);
        }
    }

    private static async Task<int> RunAsync(DemoOptions options, ManualResetEventSlim stop, TextWriter output)
    {
        if (options.Server != null)
        {
            return Stream(options, options.Server.ToString(), options.User, options.Key, stop, output);
        }

        string dataDirectory = Path.Combine(Path.GetTempPath(), "heartratestreamer-demo-" + Environment.ProcessId);
        try
        {
            await using StreamServerHost server = await StreamServerHost.StartAsync(new StreamServerOptions
            {
                Urls = ["http://127.0.0.1:0"],
                HttpsPort = null,
                DataDirectory = dataDirectory,
                LogLevel = LogLevel.Warning,
            });
            output.WriteLine($"stream server (embedded): {server.HttpBaseUrl}, data in {dataDirectory}");
            string user = StreamServerHost.DemoUser;
            return Stream(options, server.HttpBaseUrl.GetLeftPart(UriPartial.Authority), user, server.Users[user], stop, output);
        }
        finally
        {
            // The embedded server's plot lives as long as this run: its temporary database goes with it.
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static int Stream(DemoOptions options, string server, string user, string key, ManualResetEventSlim stop, TextWriter output)
    {
        PointAt(options, server, user, key);
        var clock = new SystemClock();
        var log = new TextLogOutput(output);
        var world = new SensorWorld(options.Scene, clock);
        DeviceSettings settings = world.Adjust(options.Configuration).Load(clock, log);
        FaultScript faults = options.Faults.For(world, settings);
        int exitCode = RealTimeRun.Run(
            threads => new VirtualDeviceRun(settings, world, faults, clock, threads, threads.LogUntilStopped(log)),
            options.Duration,
            stop,
            run =>
            {
                // A plot link is what this command is for: without one, say why and stop instead of streaming into nothing.
                // Ctrl+C meanwhile is an ordinary end, not a missing plot.
                run.WaitUntilStreaming(s_plotWait, stop);
                if (stop.IsSet)
                {
                    return;
                }

                if (run.Device.PlotUrl.Length == 0)
                {
                    string why = run.Device.PlotProblem.Length > 0 ? run.Device.PlotProblem : "no plot within " + s_plotWait.TotalSeconds + " s";
                    throw new InputException(NoPlot(why, options.Server != null));
                }

                output.WriteLine($"plot: {run.Device.PlotUrl}   (JSON: {run.Device.PlotUrl}.json)");
            });
        return exitCode;
    }

    // Why the run stops without a plot, and what to do: an external server's address or account may be wrong, but the
    // embedded one is started with the device's own account moments before, so its refusal is this program's defect.
    internal static string NoPlot(string why, bool externalServer) => ReasonText.Clause(why) + (externalServer
        ? "; check that the server runs at --server and takes --user and --key."
        : "; the embedded stream server made no plot, which is a defect of the virtual device: please report it with "
            + "the command line, everything this run printed and the file given to --config, if any (its password, tokens and key left out).");

    // The device streams to the server this command runs (or --server), with its account; the file's own are replaced.
    private static void PointAt(DemoOptions options, string server, string user, string key)
    {
        options.Configuration
            .Set(ConfigurationKeys.ServerUrl, server, "--server")
            .Set(ConfigurationKeys.ServerUser, user, "--user")
            .Set(ConfigurationKeys.ServerApiKey, key, "--key");
    }
}
