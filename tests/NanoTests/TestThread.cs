using System;
using System.Threading;
using TestFrameworkShared;

namespace HeartRateStreamer.Tests
{
    /// <summary>
    /// A thread a test starts, which reports what went wrong on it. On nanoCLR an exception on a worker thread ends only
    /// that thread (on .NET it ends the process), so a test that joins a plain thread passes on the device when the work
    /// threw, or waits forever for a result that will not come. Every wait here has a bound, and a failure on the thread
    /// fails the test with that exception.
    /// </summary>
    public sealed class TestThread
    {
        /// <summary>A bound that only guards against a test that would otherwise hang: a call that does not wait returns
        /// long before it.</summary>
        public const int DeadlockGuardMilliseconds = 10000;

        private readonly string _name;
        private readonly ThreadStart _work;
        private readonly Thread _thread;
        private readonly object _sync = new object();
        private Exception? _failure;
        private bool _finished;

        /// <summary>Prepares <paramref name="work"/>, named <paramref name="name"/> in failures; <see cref="Start"/> runs it.</summary>
        public TestThread(string name, ThreadStart work)
        {
            _name = name;
            _work = work;
            _thread = new Thread(Run);
        }

        /// <summary>True once the work has returned or thrown.</summary>
        public bool IsFinished
        {
            get
            {
                lock (_sync)
                {
                    return _finished;
                }
            }
        }

        /// <summary>Starts the work on its thread.</summary>
        public void Start()
        {
            _thread.Start();
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> for the work to end; true when it did (returned or threw).</summary>
        public bool Join(int milliseconds)
        {
            return _thread.Join(milliseconds);
        }

        /// <summary>
        /// Waits up to <paramref name="milliseconds"/>, then fails the test when the work has not ended or ended with an
        /// exception.
        /// </summary>
        public void JoinAndCheck(int milliseconds)
        {
            if (!Join(milliseconds))
            {
                throw new AssertFailedException(_name + " did not finish within " + milliseconds.ToString() + " ms.");
            }

            ThrowIfFailed();
        }

        /// <summary>Fails the test when the work has ended with an exception; does not wait.</summary>
        public void ThrowIfFailed()
        {
            Exception? failure;
            lock (_sync)
            {
                failure = _failure;
            }

            if (failure != null)
            {
                throw new AssertFailedException(_name + " threw " + failure.GetType().Name + ": " + failure.Message, failure);
            }
        }

        private void Run()
        {
            Exception? failure = null;
            try
            {
                _work();
            }
            catch (Exception e)
            {
                failure = e;
            }

            lock (_sync)
            {
                _failure = failure;
                _finished = true;
            }
        }
    }
}
