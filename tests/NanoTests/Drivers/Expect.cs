using System;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>Assertions on exceptions that also check what the message says (Assert.ThrowsException checks only the type).</summary>
    internal static class Expect
    {
        /// <summary>Runs <paramref name="action"/>, asserts it throws exactly <paramref name="exceptionType"/>, and returns the exception.</summary>
        public static Exception Throws(Type exceptionType, Action action)
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                Assert.AreEqual(exceptionType.FullName, exception.GetType().FullName, "exception type; message: " + exception.Message);
                return exception;
            }

            Assert.IsTrue(false, "expected " + exceptionType.FullName + " but nothing was thrown");
            throw new InvalidOperationException("unreachable: the assertion above fails");
        }

        /// <summary>Asserts the message of <paramref name="exception"/> contains every one of <paramref name="parts"/>.</summary>
        public static void MessageContains(Exception exception, params string[] parts)
        {
            foreach (string part in parts)
            {
                Assert.Contains(part, exception.Message, "the message names \"" + part + "\"");
            }
        }
    }
}
