using System;
using System.Collections;
using System.Reflection;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>
    /// A [TestClass] and what the launcher will run in it, in nanoFramework.TestFramework's order:
    /// every [Setup] once, every [TestMethod], every [DataRow], then every [Cleanup] once.
    /// </summary>
    public sealed class TestClassPlan
    {
        private readonly ArrayList _setups = new ArrayList();
        private readonly ArrayList _cleanups = new ArrayList();
        private readonly ArrayList _cases = new ArrayList();

        public TestClassPlan(Type type)
        {
            Type = type;
            ArrayList rows = new ArrayList();
            MethodInfo[] methods = type.GetMethods();
            foreach (MethodInfo method in methods)
            {
                if (method.DeclaringType != type)
                {
                    continue;
                }

                bool isTestMethod = false;
                int rowIndex = 0;
                foreach (object attribute in method.GetCustomAttributes(true))
                {
                    if (attribute is SetupAttribute)
                    {
                        _setups.Add(method);
                    }
                    else if (attribute is CleanupAttribute)
                    {
                        _cleanups.Add(method);
                    }
                    else if (attribute is TestMethodAttribute)
                    {
                        isTestMethod = true;
                    }
                    else if (attribute is DataRowAttribute row)
                    {
                        rows.Add(new TestCase(this, method, row.MethodParameters, rowIndex++));
                    }
                }

                // As in nanoFramework.TestFramework: a method with data rows runs only its rows.
                if (isTestMethod && rowIndex == 0)
                {
                    _cases.Add(new TestCase(this, method, new object[0], -1));
                }
            }

            foreach (TestCase row in rows)
            {
                _cases.Add(row);
            }
        }

        public Type Type { get; }

        /// <summary>The [Setup] methods (MethodInfo).</summary>
        public ICollection Setups => _setups;

        /// <summary>The [Cleanup] methods (MethodInfo).</summary>
        public ICollection Cleanups => _cleanups;

        /// <summary>The test cases (TestCase), in run order.</summary>
        public IList Cases => _cases;
    }
}
