namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// Restarts the device when the watchdog finds a loop that stopped making progress (Power.RebootDevice on the
    /// board, since nanoFramework has no managed hardware watchdog; the virtual device ends its run instead).
    /// </summary>
    public interface IRebootAction
    {
        /// <summary>Reboots; <paramref name="reason"/> says which loop stalled and for how long, for the log.</summary>
        void Reboot(string reason);
    }
}
