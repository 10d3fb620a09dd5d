using System;

// nanoFramework.TestFramework declares its assertion failure in this namespace; tests and launchers catch it by name.
namespace TestFrameworkShared
{
    /// <summary>Thrown by an assertion that does not hold; the message says what was expected and what was found.</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException(string message)
            : base(message)
        {
        }
    }
}
