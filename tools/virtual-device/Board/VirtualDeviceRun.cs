using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// One run of the virtual device: a <see cref="VirtualBoard"/> with its sensor world, the firmware's own
/// <see cref="HeartRateDevice"/> on it, and the scripted faults switched on and off as the device's clock passes them.
/// Whoever owns the threads decides how time passes: the commands in real time (<see cref="RealTimeRun"/>), tests in
/// simulated time.
/// </summary>
public sealed class VirtualDeviceRun : IDisposable
{
    private readonly FaultScript _faults;
    private readonly IClock _clock;
    private readonly ILogOutput _log;
    private readonly bool[] _faultWasOn = new bool[3];
    private readonly bool _makesPlot;

    /// <summary>
    /// Builds the board and the device: <paramref name="settings"/> as the board would read them, the sensor seeing
    /// <paramref name="world"/>, faults counted from now. <paramref name="wrapTransport"/> as for <see cref="VirtualBoard"/>.
    /// </summary>
    public VirtualDeviceRun(DeviceSettings settings, SensorWorld world, FaultScript faults, IClock clock, IDeviceThreads threads, ILogOutput log,
        Func<ITransport, ITransport>? wrapTransport = null)
    {
        _faults = faults;
        _clock = clock;
        _log = log;
        StartMilliseconds = clock.Milliseconds;
        _makesPlot = settings.CreatesPlot;
        world.CheckSensor(settings.Sensor);
        Board = new VirtualBoard(clock, threads, log, world, wrapTransport);
        Device = new HeartRateDevice(settings, Board);
    }

    /// <summary>The board: its network, LED, sensors and reboot reason.</summary>
    public VirtualBoard Board { get; }

    /// <summary>The device, exactly as the ESP32 runs it.</summary>
    public HeartRateDevice Device { get; }

    /// <summary>The clock time the run started at.</summary>
    public long StartMilliseconds { get; }

    /// <summary>Milliseconds since the run started.</summary>
    public long ElapsedMilliseconds => _clock.Milliseconds - StartMilliseconds;

    /// <summary>True once a recording has been played to its end.</summary>
    public bool Finished => Board.World.Finished;

    /// <summary>
    /// True when the server refuses every stream's token (404) and the device has no account to make the plot with:
    /// nothing on the device's side can change that. A board keeps trying (someone may make the plot); a command ends.
    /// </summary>
    public bool EveryTokenRefused => !_makesPlot && Device.Streams.Length > 0 && Device.Streams.All(s => s.State == StreamState.TokenRefused);

    /// <summary>
    /// True when no stream has connected to the server in the whole run and a connect was tried (a stream's, or before
    /// any, the plot creation's; one still under way at the end included: an address that drops packets takes 20 s to
    /// fail) that no server took (nothing listens, the address or TLS is wrong; a server.url that answered the plot
    /// creation does not count for streams that then could not reach their host): nothing this run measured reached the
    /// server. A board keeps trying; a command that ends says so in its exit code.
    /// </summary>
    public bool ServerNeverReached => Device.Streams.All(s => s.Connections == 0)
        && (Board.NoServerReached || (Device.Streams.Any(s => s.LastReconnectDelayMilliseconds > 0) && !Board.StreamServerReached));

    /// <summary>
    /// Waits in real time, up to <paramref name="timeout"/>, until the device's background job has connected and created
    /// its plot and the streams run (for the commands, which run in real time), or until <paramref name="stop"/> (Ctrl+C)
    /// is set. Returns <see cref="HeartRateDevice.IsStreaming"/>.
    /// </summary>
    public bool WaitUntilStreaming(TimeSpan timeout, ManualResetEventSlim? stop = null)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!Device.IsStreaming && DateTime.UtcNow < deadline && Board.RebootReason.Length == 0)
        {
            if (stop == null)
            {
                Thread.Sleep(20);
            }
            else if (stop.Wait(20))
            {
                break;
            }
        }

        return Device.IsStreaming;
    }

    /// <summary>Switches the scripted faults for the clock's time; logs each change. Call it as time passes.</summary>
    public void ApplyFaults()
    {
        long now = ElapsedMilliseconds;
        Board.World.ApplyFaults(now);
        for (int i = 0; i < _faultWasOn.Length; i++)
        {
            FaultWindow fault = _faults.All[i];
            bool on = fault.IsOn(now);
            if (on != _faultWasOn[i])
            {
                _faultWasOn[i] = on;
                Device.Log.Write(on ? $"Fault: {fault.Name} for {fault.DurationMilliseconds / 1000.0:0.#} s" : $"Fault over: {fault.Name}; recovering");
                if (fault == _faults.NetworkDown)
                {
                    // After the line, since the device logs the change at once; at the window's edges only, so a test
                    // that switches the network itself (DeskSoakTests) is not undone at every step, flapping it.
                    Board.SimulatedNetwork.IsDown = on;
                }
            }
        }
    }

    /// <summary>One line: faults, the reading as the board logs it, per stream the points sent, the windows sent
    /// at each connection and the points coalesced (the board's counters; a window is not a point), reconnects, sensor errors, LED.</summary>
    public string Status()
    {
        long now = ElapsedMilliseconds;
        string faults = string.Join(", ", _faults.All.Where(f => f.IsOn(now)).Select(f => $"{f.Name} ({(f.EndMilliseconds - now + 999) / 1000} s left)"));
        string prefix = faults.Length > 0 ? "FAULT " + faults + " | " : "";
        if (Device.Pipeline == null || Device.Sampler == null)
        {
            return prefix + "starting";
        }

        string reading = ReadingText.Describe(Device.Pipeline);
        string perStream = string.Join(" | ", Device.Streams.Select(s =>
            $"{s.Name} {s.PointsSent} sent{(s.WindowsSent > 0 ? $" + {s.WindowsSent} window{(s.WindowsSent == 1 ? "" : "s")}" : "")}"
            + (s.PointsCoalesced > 0 ? $", {s.PointsCoalesced} coalesced" : "")
            + (s.State == StreamState.Streaming ? "" : " (" + StreamStateNames.Describe(s.State) + ")")));
        return prefix + $"{reading} | {perStream}"
            + $" | reconnects {Device.Streams.Sum(s => s.Reconnects)} | sensor errors {Device.Sampler.ErrorCount}{(Device.Sampler.IsSensorRunning ? "" : " (restarting)")}"
            + $" | LED {Device.Status.CurrentStatus}";
    }

    /// <summary>Ends every stream with the last chunk and reads the server's answers; stop the threads first.</summary>
    public void End() => Device.EndStreams();

    /// <inheritdoc/>
    public void Dispose() => Board.Dispose();
}
