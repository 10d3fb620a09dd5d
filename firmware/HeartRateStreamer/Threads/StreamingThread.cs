using System;
using System.Threading;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Threads
{
    /// <summary>
    /// Runs the pulse pipeline: take what the sampler buffered, estimate, hand points to the streams, let the streams
    /// do their I/O, report progress to the watchdog. A failed send never throws (the streams reconnect); anything else
    /// that escapes is logged and the loop goes on.
    /// </summary>
    public sealed class StreamingThread
    {
        // Samples per pass: at most about half a second at 100 samples/s, so the streams are serviced at least that often.
        private const int MaximumSamplesPerPass = 64;

        // With nothing waiting, pause this long: a tenth of the 50 ms Plotly cadence.
        private const int IdleMilliseconds = 5;

        // After an unexpected exception, pause this long so a persistent fault cannot spin the CPU or flood the log.
        private const int PauseAfterFaultMilliseconds = 1000;

        private readonly PulsePipeline _pipeline;
        private readonly LoopMonitor _loops;
        private readonly int _loopId;

        /// <summary>Creates the thread's body; <paramref name="loopId"/> is the loop's registration in <paramref name="loops"/>.</summary>
        public StreamingThread(PulsePipeline pipeline, LoopMonitor loops, int loopId)
        {
            _pipeline = pipeline;
            _loops = loops;
            _loopId = loopId;
        }

        /// <summary>Starts the thread.</summary>
        public void Start()
        {
            new Thread(Run).Start();
        }

        private void Run()
        {
            while (true)
            {
                int waitMilliseconds = 0;
                try
                {
                    int processed = _pipeline.ProcessWaitingSamples(MaximumSamplesPerPass);
                    int nextObject = _pipeline.ServiceStreams();
                    if (processed < MaximumSamplesPerPass)
                    {
                        // Wake when a stream's next object is due, so the wave is sent every 50 ms and not every 50 to 55.
                        waitMilliseconds = nextObject >= 0 && nextObject < IdleMilliseconds ? nextObject : IdleMilliseconds;
                    }
                }
                catch (Exception e)
                {
                    DeviceLog.Write("Streaming: unexpected " + e.GetType().Name + ": " + e.Message + "; the loop goes on.");
                    waitMilliseconds = PauseAfterFaultMilliseconds;
                }

                _loops.ReportProgress(_loopId);
                Thread.Sleep(waitMilliseconds);
            }
        }
    }
}
