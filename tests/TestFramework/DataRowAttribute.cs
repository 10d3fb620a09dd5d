using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// One row of arguments for a parameterised test; each row is its own test case.
    /// On a real nanoCLR the arguments must already have the parameter's exact type (3L for long, 3.0 for double).
    /// Not sealed, as in nanoFramework.TestFramework 3.0.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            // The real attribute tells a null array (a lone null argument) from an empty one by the exception type.
            if (methodParameters == null)
            {
                throw new ArgumentNullException(nameof(methodParameters));
            }

            if (methodParameters.Length == 0)
            {
                throw new ArgumentException("A data row needs at least one argument.", nameof(methodParameters));
            }

            MethodParameters = methodParameters;
        }

        /// <summary>The arguments passed to the test method.</summary>
        public object[] MethodParameters { get; }
    }
}
