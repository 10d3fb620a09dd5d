using HeartRateStreamer.VirtualDevice.Run;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// The streaming loop on the system clock, as on a board, for both commands: steps the device, prints its status every
/// second, and stops at the end of the duration, on Ctrl+C, at the end of a recording, when the server has stopped
/// every stream, or when the watchdog finds a stall. Then it ends every stream properly.
/// </summary>
public static class RealTimeLoop
{
    /// <summary>Runs <paramref name="device"/>; returns 0, 1 when the server stopped every stream, 3 on a stall.</summary>
    public static int Run(DemoDevice device, TimeSpan? duration, ManualResetEventSlim stop, RunLog log)
    {
        device.StartWatchdogTimer();
        long endAt = duration is TimeSpan d ? (long)d.TotalMilliseconds : long.MaxValue;
        long nextStatus = 1000;
        int waitMilliseconds = 0;
        while (!stop.Wait(waitMilliseconds) && device.ElapsedMilliseconds < endAt)
        {
            waitMilliseconds = device.Step();
            if (device.ElapsedMilliseconds >= nextStatus)
            {
                nextStatus += 1000;
                log.Line(device.Status());
            }

            if (device.Finished)
            {
                log.Line("the recording has been played to its end");
                break;
            }

            if (device.EveryStreamStopped || device.Stall.Reason.Length > 0)
            {
                break;
            }
        }

        bool everyStreamStopped = device.EveryStreamStopped;
        device.End();
        log.Line(device.Status());
        if (device.Stall.Reason.Length > 0)
        {
            log.Line($"watchdog: {device.Stall.Reason}; a device would reboot now");
            return StallExit.ExitCode;
        }

        return everyStreamStopped ? 1 : 0;
    }
}
