using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.Composition;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The firmware's device on a <see cref="VirtualBoard"/> run by the commands' own <see cref="RealTimeRun"/> on a thread
/// of its own, from construction until <see cref="StopAsync"/> (Ctrl+C for the commands): for tests that watch it live.
/// </summary>
public sealed class RealTimeDevice : IDisposable
{
    private readonly StringWriter _log = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly TaskCompletionSource<string> _plotUrl = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<int> _loop;

    /// <summary>Starts a device streaming to <paramref name="serverUrl"/>; it creates its plot with the demo account.</summary>
    /// <param name="scene">What its sensor sees (default: a synthetic 72 bpm finger).</param>
    public RealTimeDevice(string serverUrl, string apiKey, SensorScene? scene = null)
    {
        var log = new TextLogOutput(TextWriter.Synchronized(_log));
        DeviceSettings settings = TestDeviceConfiguration.For(serverUrl, apiKey).Load(new SystemClock(), log);
        _loop = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return RealTimeRun.Run(
                        threads =>
                        {
                            var clock = new SystemClock();
                            var world = new SensorWorld(scene ?? new SensorScene(), clock);
                            return new VirtualDeviceRun(settings, world, FaultScript.None.For(world, settings), clock, threads, log);
                        },
                        null,
                        _stop,
                        run =>
                        {
                            run.WaitUntilStreaming(TimeSpan.FromSeconds(30));
                            _plotUrl.TrySetResult(run.Device.PlotUrl);
                        });
                }
                finally
                {
                    _plotUrl.TrySetResult("");
                }
            },
            TaskCreationOptions.LongRunning);
    }

    /// <summary>The link to the plot the device created at start-up (empty when it could not).</summary>
    public Task<string> PlotUrl => _plotUrl.Task;

    /// <summary>Ends the streams as the commands do on Ctrl+C; returns the run's exit code and everything it logged.</summary>
    public async Task<(int ExitCode, string Log)> StopAsync()
    {
        _stop.Set();
        int exitCode = await _loop;
        return (exitCode, _log.ToString());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Set();
        _loop.Wait();
        _stop.Dispose();
    }
}
