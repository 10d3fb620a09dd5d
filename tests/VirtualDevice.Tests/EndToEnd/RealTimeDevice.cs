using HeartRateStreamer.VirtualDevice.Demo;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// A <see cref="DemoDevice"/> on the system clock, stepped on its own thread as the default command steps it, from
/// construction until <see cref="StopAsync"/>: for tests that watch the device live from outside.
/// </summary>
public sealed class RealTimeDevice : IDisposable
{
    private readonly List<string> _log = [];
    private readonly ManualResetEventSlim _stop = new();
    private readonly Task _loop;

    /// <summary>Builds the device with a log of its own and starts streaming.</summary>
    public RealTimeDevice(Func<Action<string>, DemoDevice> create)
    {
        DemoDevice device = create(Log);
        _loop = Task.Factory.StartNew(
            () =>
            {
                using (device)
                {
                    int wait = 0;
                    while (!_stop.Wait(wait))
                    {
                        wait = device.Step();
                    }

                    device.End();
                }
            },
            TaskCreationOptions.LongRunning);
    }

    /// <summary>Ends the streams as the command does on Ctrl+C; returns the device's log.</summary>
    public async Task<string> StopAsync()
    {
        _stop.Set();
        await _loop;
        lock (_log)
        {
            return string.Join("\n", _log);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Set();
        _loop.Wait();
        _stop.Dispose();
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}
