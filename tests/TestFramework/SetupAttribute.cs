using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Runs once before all tests of its class (class-level, as in nanoFramework.TestFramework).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }
}
