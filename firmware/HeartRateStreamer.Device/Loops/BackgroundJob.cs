using System.Threading;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>A piece of the device's own work run once on a thread of its own (connecting to the network, say).</summary>
    public sealed class BackgroundJob : OneShot
    {
        private readonly ThreadStart _work;

        /// <summary>The job <paramref name="name"/> that runs <paramref name="work"/>.</summary>
        public BackgroundJob(string name, DeviceLog log, ThreadStart work)
            : base(name, log)
        {
            _work = work;
        }

        /// <inheritdoc />
        protected override void Run()
        {
            _work();
        }
    }
}
