using System;

// nanoFramework.TestFramework declares its assertion failure in this namespace; tests and launchers catch it by name.
namespace TestFrameworkShared
{
    /// <summary>
    /// Thrown by an assertion that does not hold; the message says what was expected and what was found.
    /// It has the real package's three constructors, so test helpers that throw it compile for both.
    /// </summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string message)
            : base(message)
        {
        }

        public AssertFailedException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
