using System;
using System.Threading;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// A piece of blocking work (an explicit Wi-Fi reconnection, plot creation) run once on a thread of its own, so the
    /// thread that started it can go on and decide itself how long to wait for it.
    /// </summary>
    public abstract class OneShot : DeviceLoop
    {
        private int _done;

        /// <summary>A job called <paramref name="name"/> in the log.</summary>
        protected OneShot(string name, DeviceLog log)
            : base(name, log)
        {
        }

        /// <summary>True once the work has returned or thrown.</summary>
        public bool IsDone => Interlocked.CompareExchange(ref _done, 0, 0) == 1;

        /// <inheritdoc />
        protected sealed override int Step()
        {
            try
            {
                Run();
            }
            catch (Exception e)
            {
                // Once, and the thread ends: the caller sees IsDone and decides what the failure means. The line is built
                // in its own try, so an exhausted heap cannot skip the finally's IsDone.
                try
                {
                    Log.Write(Name + ": " + DeviceLog.Describe(e));
                }
                catch (Exception)
                {
                    Log.Write(DeviceLog.UndescribedFault);
                }
            }
            finally
            {
                Interlocked.Exchange(ref _done, 1);
            }

            return Finished;
        }

        /// <summary>The work.</summary>
        protected abstract void Run();
    }
}
