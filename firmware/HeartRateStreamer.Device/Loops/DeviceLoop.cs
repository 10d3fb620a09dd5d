using System;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// One of the device's loops, as a body the platform's threads call again and again (<see cref="Platform.IDeviceThreads"/>).
    /// Whatever a pass throws is logged and the loop goes on after a pause, so one bad moment cannot stop it; a loop
    /// that the watchdog watches reports each pass that finished as progress, and a pass that threw as none, so a loop
    /// that throws on every pass is stalled like one that hangs.
    /// </summary>
    public abstract class DeviceLoop
    {
        /// <summary>What <see cref="RunOnce"/> returns when the loop is done and its thread may end.</summary>
        public const int Finished = -1;

        // After an unexpected exception, pause this long so a persistent fault cannot spin the CPU or flood the log.
        private const int PauseAfterFaultMilliseconds = 1000;

        private LoopMonitor? _monitor;
        private int _loopId;
        private int _passCount;

        /// <summary>A loop called <paramref name="name"/> in the log and in the watchdog's verdicts.</summary>
        protected DeviceLoop(string name, DeviceLog log)
        {
            Name = name;
            Log = log;
        }

        /// <summary>The device's log.</summary>
        protected DeviceLog Log { get; }

        /// <summary>The loop's name, e.g. "sampling".</summary>
        public string Name { get; }

        /// <summary>Passes run so far: what the loop costs an interpreter is mostly its passes (the loop-cost report counts them).</summary>
        public int PassCount => _passCount;

        /// <summary>True for a loop whose lateness loses data (a sensor without a FIFO): its thread gets a higher priority.</summary>
        public bool IsTimeCritical { get; protected set; }

        /// <summary>Has the watchdog reboot the device when a pass of this loop has not finished for <paramref name="stallMilliseconds"/>.</summary>
        public void WatchWith(LoopMonitor monitor, int stallMilliseconds)
        {
            _loopId = monitor.Register(Name, stallMilliseconds);
            _monitor = monitor;
        }

        /// <summary>One pass; returns how long to wait before the next (0: at once), or <see cref="Finished"/>.</summary>
        public int RunOnce()
        {
            _passCount++;
            int waitMilliseconds;
            try
            {
                waitMilliseconds = Step();
            }
            catch (Exception e)
            {
                // Not progress: a loop that faults on every pass does no work, and only the watchdog's reboot ends it.
                // The line is built in its own try: on an exhausted heap it throws too, and the loop must still go on.
                try
                {
                    Log.Write(Name + ": unexpected " + DeviceLog.Describe(e) + "; the loop goes on.");
                }
                catch (Exception)
                {
                    Log.Write(DeviceLog.UndescribedFault);
                }

                return PauseAfterFaultMilliseconds;
            }

            LoopMonitor? monitor = _monitor;
            if (monitor != null)
            {
                monitor.ReportProgress(_loopId);
            }

            return waitMilliseconds;
        }

        /// <summary>The loop's work; returns the wait before the next pass, or <see cref="Finished"/>.</summary>
        protected abstract int Step();
    }
}
