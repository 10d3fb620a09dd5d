using System.Threading;
using HeartRateStreamer.Device.Loops;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The body of one loop's thread (a class, not a lambda, so the thread holds exactly what it runs).</summary>
    internal sealed class LoopThread
    {
        private readonly DeviceLoop _loop;

        /// <summary>The thread body for <paramref name="loop"/>.</summary>
        public LoopThread(DeviceLoop loop)
        {
            _loop = loop;
        }

        /// <summary>Runs the loop until it is finished; <see cref="DeviceLoop.RunOnce"/> never throws.</summary>
        public void Run()
        {
            int waitMilliseconds;
            while ((waitMilliseconds = _loop.RunOnce()) != DeviceLoop.Finished)
            {
                Thread.Sleep(waitMilliseconds);
            }
        }
    }
}
