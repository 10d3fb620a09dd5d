using System.Threading;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The device's loops on nanoFramework threads: run a pass, sleep what it asks, until it is finished.</summary>
    public sealed class NanoThreads : IDeviceThreads
    {
        /// <inheritdoc />
        public void Start(DeviceLoop loop)
        {
            var runner = new LoopThread(loop);
            var thread = new Thread(runner.Run);
            if (loop.IsTimeCritical)
            {
                thread.Priority = ThreadPriority.AboveNormal;
            }

            thread.Start();
        }

        /// <inheritdoc />
        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
