using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Demo;
using HeartRateStreamer.VirtualDevice.Run;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// A <see cref="DemoDevice"/> run by the commands' own <see cref="RealTimeLoop"/> on a thread of its own, from
/// construction until <see cref="StopAsync"/> (Ctrl+C for the commands): for tests that watch the device live.
/// </summary>
public sealed class RealTimeDevice : IDisposable
{
    private readonly StringWriter _log = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Task<int> _loop;

    /// <summary>Builds the device, handing it the loop's log, and starts streaming.</summary>
    public RealTimeDevice(Func<Action<string>, DemoDevice> create)
    {
        var log = new RunLog(_log, new SystemClock());
        DemoDevice device = create(log.Line);
        _loop = Task.Factory.StartNew(
            () =>
            {
                using (device)
                {
                    return RealTimeLoop.Run(device, null, _stop, log);
                }
            },
            TaskCreationOptions.LongRunning);
    }

    /// <summary>Ends the streams as the commands do on Ctrl+C; returns the loop's exit code and everything it logged.</summary>
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
