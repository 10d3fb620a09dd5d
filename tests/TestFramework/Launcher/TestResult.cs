using System;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>The outcome of one test case (or of a class's Setup/Cleanup), with the failure or skip reason.</summary>
    public sealed class TestResult
    {
        public TestResult(TestOutcome outcome, string message, Exception? exception, long elapsedTicks)
        {
            Outcome = outcome;
            Message = message;
            Exception = exception;
            ElapsedTicks = elapsedTicks;
        }

        public TestOutcome Outcome { get; }

        /// <summary>The assertion or exception message; "" when passed.</summary>
        public string Message { get; }

        /// <summary>What the test threw, unwrapped from reflection's invocation wrapper; null when passed.</summary>
        public Exception? Exception { get; }

        public long ElapsedTicks { get; }
    }
}
