using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>The supervisor: every second, the watchdog's check of the other loops and the streams' heartbeats.</summary>
    public sealed class WatchdogLoop : DeviceLoop
    {
        /// <summary>The watchdog checks the loops and the heartbeats this often.</summary>
        public const int PeriodMilliseconds = 1000;

        private readonly Watchdog _watchdog;

        /// <summary>The loop around <paramref name="watchdog"/>.</summary>
        public WatchdogLoop(Watchdog watchdog, DeviceLog log)
            : base("watchdog", log)
        {
            _watchdog = watchdog;
        }

        /// <inheritdoc />
        protected override int Step()
        {
            _watchdog.Tick();
            return _watchdog.RebootRequested ? Finished : PeriodMilliseconds;
        }
    }
}
