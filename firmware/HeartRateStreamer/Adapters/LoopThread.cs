using System.Threading;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The body of one loop's thread: a pass, then sleep what it asked or until its signal is set (a class, not a
    /// lambda, so the thread holds exactly what it runs). Setting the signal is one native event call, no allocation.
    /// </summary>
    internal sealed class LoopThread : IWakeSignal
    {
        private readonly DeviceLoop _loop;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);

        /// <summary>The thread body for <paramref name="loop"/>.</summary>
        public LoopThread(DeviceLoop loop)
        {
            _loop = loop;
        }

        /// <inheritdoc />
        public void Set()
        {
            _wake.Set();
        }

        /// <summary>Runs the loop until it is finished; <see cref="DeviceLoop.RunOnce"/> never throws.</summary>
        public void Run()
        {
            int waitMilliseconds;
            while ((waitMilliseconds = _loop.RunOnce()) != DeviceLoop.Finished)
            {
                if (waitMilliseconds > 0)
                {
                    _wake.WaitOne(waitMilliseconds, false);
                }
            }
        }
    }
}
