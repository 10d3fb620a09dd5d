using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// Both commands' way of running the virtual device: in real time on real threads, as on a board, with a status line
/// every second; it stops at the end of the duration, on Ctrl+C, at the end of a recording, when the server refuses every
/// stream's token and the device cannot make the plot, or when the device asks for a reboot. Then it ends every stream properly.
/// </summary>
public static class RealTimeRun
{
    /// <summary>The exit code of a run the device ended by asking for a reboot (the watchdog found a stall, or start-up threw).</summary>
    public const int RebootExitCode = 3;

    /// <summary>The exit code of a run ended because the server refuses every stream's token (<see cref="VirtualDeviceRun.EveryTokenRefused"/>).</summary>
    public const int EveryTokenRefusedExitCode = 1;

    // Faults and end conditions are looked at this often.
    private const int TickMilliseconds = 100;

    /// <summary>Starts <paramref name="run"/>'s device and runs it; returns 0, 1 when the server refuses every token, 3 on a reboot.</summary>
    /// <remarks><paramref name="afterStart"/> may look at the started device and stop the run with an <see cref="InputException"/>.</remarks>
    public static int Run(Func<SystemThreads, VirtualDeviceRun> create, TimeSpan? duration, ManualResetEventSlim stop, Action<VirtualDeviceRun>? afterStart = null)
    {
        using var threads = new SystemThreads();
        using VirtualDeviceRun run = create(threads);
        run.ApplyFaults();
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
            run.Board.AbandonPlotCreation();
            threads.Stop(TimeSpan.FromSeconds(10));
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
        run.Board.AbandonPlotCreation();
        threads.Stop(TimeSpan.FromSeconds(10));
        run.End();
        run.Device.Log.Write(run.Status());
        if (run.Board.RebootReason.Length > 0)
        {
            run.Device.Log.Write($"The device asked for a reboot ({run.Board.RebootReason}); a board would restart now.");
            return RebootExitCode;
        }

        return everyTokenRefused ? EveryTokenRefusedExitCode : 0;
    }
}
