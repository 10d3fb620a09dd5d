using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Demo;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.ViewerBenchmark;

/// <summary>
/// What the default command runs, stoppable from here: the stream server in-process (50 ms ingest throttle, loopback)
/// and the firmware's device on a virtual board in real time, which creates its plot through /clientresp.
/// </summary>
public sealed class LiveDevice : IAsyncDisposable
{
    private readonly StreamServerHost _server;
    private readonly string _dataDirectory;
    private readonly ManualResetEventSlim _stop = new();
    private readonly StringWriter _log = new();
    private readonly Task<int> _run;

    private LiveDevice(StreamServerHost server, string dataDirectory, string[] deviceArguments, TaskCompletionSource<string> plotUrl)
    {
        _server = server;
        _dataDirectory = dataDirectory;
        DemoOptions options = DemoOptions.Parse(deviceArguments);
        string user = StreamServerHost.DemoUser;
        options.Configuration
            .Set(ConfigurationKeys.ServerUrl, server.HttpBaseUrl.GetLeftPart(UriPartial.Authority), "benchmark")
            .Set(ConfigurationKeys.ServerUser, user, "benchmark")
            .Set(ConfigurationKeys.ServerApiKey, server.Users[user], "benchmark");
        var clock = new SystemClock();
        var world = new SensorWorld(options.Scene, clock);
        var log = new TextLogOutput(TextWriter.Synchronized(_log));
        DeviceSettings settings = world.Adjust(options.Configuration).Load(clock, log);
        _run = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return RealTimeRun.Run(
                        threads => new VirtualDeviceRun(settings, world, options.Faults.For(world, settings), clock, threads, log),
                        null,
                        _stop,
                        run =>
                        {
                            run.WaitUntilStreaming(TimeSpan.FromSeconds(30));
                            plotUrl.TrySetResult(run.Device.PlotUrl);
                        });
                }
                finally
                {
                    plotUrl.TrySetResult("");
                }
            },
            TaskCreationOptions.LongRunning);
    }

    /// <summary>The plot's share link.</summary>
    public string PlotUrl { get; private set; } = "";

    /// <summary>Starts the server and the device (<paramref name="deviceArguments"/>: the default command's options, e.g. --bpm 72).</summary>
    public static async Task<LiveDevice> StartAsync(string[] deviceArguments)
    {
        string data = Directory.CreateTempSubdirectory("viewer-benchmark-").FullName;
        StreamServerHost server = await StreamServerHost.StartAsync(new StreamServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            HttpsPort = null,
            DataDirectory = data,
            LogLevel = LogLevel.Warning,
        });
        var plotUrl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var device = new LiveDevice(server, data, deviceArguments, plotUrl);
        device.PlotUrl = await plotUrl.Task;
        if (device.PlotUrl.Length == 0)
        {
            await device.DisposeAsync();
            throw new InvalidOperationException("the virtual device made no plot; its log:\n" + device._log);
        }

        return device;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Set();
        await _run;
        await _server.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
        _stop.Dispose();
    }
}
