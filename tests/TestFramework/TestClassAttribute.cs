using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose test methods the launcher runs.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
        /// <summary>The real package's hook for a derived class attribute to change how its methods run; the launcher does not call it.</summary>
        public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute) => testMethodAttribute;
    }
}
