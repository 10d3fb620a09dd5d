using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Run;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// The default command, the whole system in one process: the stream server (embedded, or --server), a plot with
/// three traces made through /clientresp, and the <see cref="DemoDevice"/> streaming to it in real time.
/// </summary>
public static class DemoCommand
{
    /// <summary>Runs with the whole command line; returns 0, 1 when the server stopped every stream, 2 for bad input, 3 on a stall.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(arguments);
        }
        catch (InputException e)
        {
            error.WriteLine("virtual-device: " + e.Message);
            error.WriteLine(DemoOptions.Usage);
            return Program.UsageExitCode;
        }

        if (options.Help)
        {
            output.WriteLine(DemoOptions.Usage);
            return 0;
        }

        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;  // end the streams and the server properly instead of dying
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return RunAsync(options, stop, output).GetAwaiter().GetResult();
        }
        catch (InputException e)
        {
            error.WriteLine("virtual-device: " + e.Message);
            return Program.UsageExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunAsync(DemoOptions options, ManualResetEventSlim stop, TextWriter output)
    {
        if (options.Server != null)
        {
            var external = new Uri(options.Server.ToString());
            return await StreamAsync(options, external, options.User, options.Key, stop, output);
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
            return await StreamAsync(options, server.HttpBaseUrl, user, server.Users[user], stop, output);
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

    private static async Task<int> StreamAsync(DemoOptions options, Uri server, string user, string key, ManualResetEventSlim stop, TextWriter output)
    {
        PlotTokens tokens = PlotTokens.CreateRandom();
        PlotCreationAnswer answer = await PlotCreator.CreateAsync(server, user, key, tokens);
        var clock = new SystemClock();
        var log = new RunLog(output, clock);
        ServerAddress streamServer = answer.ResolveStreamServer(ServerAddress.Parse(server.GetLeftPart(UriPartial.Authority)));
        output.WriteLine($"plot: {answer.Url}   (JSON: {answer.Url}.json)");

        FaultScript faults = options.Faults ? FaultScript.Default : FaultScript.None;
        using var device = new DemoDevice(options.Device, streamServer, tokens, clock, faults, log.Line);
        log.Line($"streaming {options.Device.Describe()} to {streamServer}{(options.Faults ? " with scripted faults" : "")}"
            + $"{(options.Duration is TimeSpan d ? $" for {d.TotalSeconds:0.#} s" : "; Ctrl+C ends")}");
        int exitCode = RealTimeLoop.Run(device, options.Duration, stop, log);
        output.WriteLine($"plot: {answer.Url}");
        return exitCode;
    }
}
