using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Runs once after all tests of its class (class-level, as in nanoFramework.TestFramework).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }
}
