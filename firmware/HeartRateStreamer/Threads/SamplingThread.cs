using System;
using System.Threading;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Threads
{
    /// <summary>
    /// Runs the fixed-rate sampler: poll, report progress to the watchdog, sleep until the next poll is due. The sampler
    /// itself never throws for the sensor (it counts, reports and re-initialises); anything else that escapes is logged
    /// and the loop goes on, so one bad moment cannot stop sampling.
    /// </summary>
    public sealed class SamplingThread
    {
        // After an unexpected exception, pause this long so a persistent fault cannot spin the CPU or flood the log.
        private const int PauseAfterFaultMilliseconds = 1000;

        private readonly FixedRateSampler _sampler;
        private readonly LoopMonitor _loops;
        private readonly int _loopId;

        /// <summary>Creates the thread's body; <paramref name="loopId"/> is the sampler's registration in <paramref name="loops"/>.</summary>
        public SamplingThread(FixedRateSampler sampler, LoopMonitor loops, int loopId)
        {
            _sampler = sampler;
            _loops = loops;
            _loopId = loopId;
        }

        /// <summary>Starts the thread, above normal priority: a late poll of an ADC sensor is a lost sample.</summary>
        public void Start()
        {
            var thread = new Thread(Run);
            thread.Priority = ThreadPriority.AboveNormal;
            thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                int waitMilliseconds;
                try
                {
                    waitMilliseconds = _sampler.Poll();
                }
                catch (Exception e)
                {
                    DeviceLog.Write("Sampling: unexpected " + e.GetType().Name + ": " + e.Message + "; the loop goes on.");
                    waitMilliseconds = PauseAfterFaultMilliseconds;
                }

                _loops.ReportProgress(_loopId);
                Thread.Sleep(waitMilliseconds);
            }
        }
    }
}
