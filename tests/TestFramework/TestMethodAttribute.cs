using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a test method: public, no parameters, returns void.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }
}
