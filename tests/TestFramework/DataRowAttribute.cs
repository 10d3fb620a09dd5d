using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// One row of arguments for a parameterised test; each row is its own test case.
    /// On a real nanoCLR the arguments must already have the parameter's exact type (3L for long, 3.0 for double).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null || methodParameters.Length == 0)
            {
                throw new ArgumentException("A data row needs at least one argument.", nameof(methodParameters));
            }

            MethodParameters = methodParameters;
        }

        /// <summary>The arguments passed to the test method.</summary>
        public object[] MethodParameters { get; }
    }
}
