using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// The watchdog's reboot on a PC: the board would restart; the virtual device reports why and ends the run
/// (exit code <see cref="ExitCode"/>), since restarting a process from inside itself proves nothing.
/// </summary>
public sealed class StallExit : IRebootAction
{
    /// <summary>The exit code of a run the watchdog ended.</summary>
    public const int ExitCode = 3;

    private readonly ManualResetEventSlim _stop;
    private string _reason = "";

    /// <summary>Sets <paramref name="stop"/> when the watchdog asks for a reboot.</summary>
    public StallExit(ManualResetEventSlim stop) => _stop = stop;

    /// <summary>Why the watchdog asked, or empty.</summary>
    public string Reason => Volatile.Read(ref _reason);

    /// <inheritdoc />
    public void Reboot(string reason)
    {
        Volatile.Write(ref _reason, reason);
        _stop.Set();
    }
}
