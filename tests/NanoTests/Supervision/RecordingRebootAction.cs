using System.Collections;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Tests.Supervision
{
    /// <summary>Keeps the reasons the watchdog gave instead of rebooting the machine running the tests.</summary>
    public class RecordingRebootAction : IRebootAction
    {
        /// <summary>Reasons given, in order.</summary>
        public ArrayList Reasons { get; } = new ArrayList();

        /// <inheritdoc />
        public void Reboot(string reason)
        {
            Reasons.Add(reason);
        }
    }
}
