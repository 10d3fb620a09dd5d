using System.Threading;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The device's loops on nanoFramework threads: run a pass, sleep what it asks or until woken, until it is finished.</summary>
    public sealed class NanoThreads : IDeviceThreads
    {
        /// <inheritdoc />
        public IWakeSignal Start(DeviceLoop loop)
        {
            var runner = new LoopThread(loop);
            var thread = new Thread(runner.Run);
            if (loop.IsTimeCritical)
            {
                thread.Priority = ThreadPriority.AboveNormal;
            }

            thread.Start();
            return runner;
        }

        /// <inheritdoc />
        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
