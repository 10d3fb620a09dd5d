using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by <see cref="Assert.SkipTest"/>; in a [Setup] method it skips the whole class.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message)
            : base(message)
        {
        }
    }
}
