using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Thrown by <see cref="Assert.SkipTest"/>; in a [Setup] method it skips the whole class. Both arguments are
    /// optional, as in nanoFramework.TestFramework 3.0, so a test may also throw it directly, with or without a cause.
    /// </summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string? message = null, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
