using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// Both commands' way of running the virtual device: in real time on real threads, as on a board, with a status line
/// every second; it stops at the end of the duration, on Ctrl+C or SIGTERM (<see cref="StopSignals"/>), at the end of a recording, when the server refuses every
/// stream's token and the device cannot make the plot, or when the device asks for a reboot. Then it ends every stream properly.
/// </summary>
public static class RealTimeRun
{
    /// <summary>The exit code of a run the device ended by asking for a reboot (the watchdog found a stall, or start-up threw).</summary>
    public const int RebootExitCode = 3;

    /// <summary>The exit code of a run ended because the server refuses every stream's token (<see cref="VirtualDeviceRun.EveryTokenRefused"/>).</summary>
    public const int EveryTokenRefusedExitCode = 1;

    /// <summary>The exit code of a run in which no stream ever reached the server (<see cref="VirtualDeviceRun.ServerNeverReached"/>).</summary>
    public const int ServerNeverReachedExitCode = 4;

    /// <summary>How long the stop waits for the device's threads: a thread still running then hung in something the
    /// stop should have ended, and the run says so (<see cref="ThreadsStillRunningLine"/>) and ends without it.</summary>
    public static readonly TimeSpan ThreadJoinTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The start of the line a run logs when the stop had to wait out <see cref="ThreadJoinTimeout"/>.</summary>
    public const string ThreadsStillRunningLine = "Device threads still running when the stop gave up waiting for them";

    /// <summary>How often the run looks at the clock, the faults and its end conditions: the shortest --duration it can keep (<see cref="OptionValues.Duration"/>).</summary>
    public const int TickMilliseconds = 100;

    /// <summary>Starts <paramref name="run"/>'s device and runs it; returns 0, 1 when the server refuses every token, 3 on a reboot, 4 when no stream ever reached the server.</summary>
    /// <remarks><paramref name="afterStart"/> may look at the started device and stop the run with an <see cref="InputException"/>.</remarks>
    public static int Run(Func<SystemThreads, VirtualDeviceRun> create, TimeSpan? duration, ManualResetEventSlim stop, Action<VirtualDeviceRun>? afterStart = null)
    {
        using var threads = new SystemThreads();
        using VirtualDeviceRun run = create(threads);
        run.ApplyFaults();
        if (run.Board.World.Recording is string recording)
        {
            run.Device.Log.Write("Recording: " + recording);
        }

        bool started = run.Device.Start();
        try
        {
            if (started)
            {
                afterStart?.Invoke(run);
            }
        }
        catch (InputException)
        {
            StopThreads(threads, run);
            run.End();
            throw;
        }

        long endAt = duration is TimeSpan d ? (long)d.TotalMilliseconds : long.MaxValue;
        long nextStatus = 1000;
        while (started && !stop.Wait(TickMilliseconds) && run.ElapsedMilliseconds < endAt)
        {
            run.ApplyFaults();
            if (run.ElapsedMilliseconds >= nextStatus)
            {
                nextStatus += 1000;
                run.Device.Log.Write(run.Status());
            }

            if (run.Finished)
            {
                run.Device.Log.Write("The recording has been played to its end.");
                break;
            }

            if (run.EveryTokenRefused || run.Board.RebootReason.Length > 0)
            {
                break;
            }
        }

        bool everyTokenRefused = run.EveryTokenRefused;
        // Before the threads stop (the abandoned plot creation's connect then fails) and End (which leaves every stream ended).
        bool serverNeverReached = run.ServerNeverReached;
        bool connectUnderWay = run.Board.ConnectUnderWay;
        StopThreads(threads, run);
        run.End();
        run.Device.Log.Write(run.Status());
        if (run.Board.RebootReason.Length > 0)
        {
            run.Device.Log.Write($"The device asked for a reboot ({run.Board.RebootReason}); a board would restart now.");
            return RebootExitCode;
        }

        if (everyTokenRefused)
        {
            return EveryTokenRefusedExitCode;
        }

        if (serverNeverReached)
        {
            run.Device.Log.Write(connectUnderWay
                ? "No stream reached the server in this run: a connect to it was still waiting for an answer when the run ended (an address that does not answer fails after "
                    + NetworkTimeouts.ConnectMilliseconds / 1000 + " s); the 'could not connect' and 'Plot:' lines above say why any earlier one failed."
                : "No stream reached the server in this run: the 'could not connect' and 'Plot:' lines above say why.");
            return ServerNeverReachedExitCode;
        }

        return 0;
    }

    // The loops and the connecting job are told first, so a connecting job whose plot creation is then abandoned starts
    // no stream after it; the abandoned socket frees that job at once instead of at the creator's 20 s deadline, which the
    // join would wait for; a stream's connect still waiting is ended too, for the same reason, and none starts after.
    private static void StopThreads(SystemThreads threads, VirtualDeviceRun run)
    {
        threads.RequestStop();
        run.Device.StopConnecting();
        run.Board.AbandonPlotCreation();
        run.Board.AbandonStreamConnects();
        string[] stillRunning = threads.Stop(ThreadJoinTimeout);
        if (stillRunning.Length > 0)
        {
            run.Device.Log.Write($"{ThreadsStillRunningLine} ({ThreadJoinTimeout.TotalSeconds} s): {string.Join(", ", stillRunning)}.");
        }
    }
}
