namespace HeartRateStreamer.Supervision
{
    /// <summary>Something the watchdog keeps alive: a stream that writes a heartbeat when it has been silent too long.</summary>
    public interface IHeartbeatSender
    {
        /// <summary>Writes a heartbeat if one is due; returns true when it wrote one. Never throws for a failed send.</summary>
        bool SendHeartbeatIfDue();
    }
}
