using System;
using System.Collections;
using System.Reflection;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>
    /// A [TestClass] and what the launcher will run in it, in nanoFramework.TestFramework's order:
    /// every [Setup] once, every [TestMethod], every [DataRow], then every [Cleanup] once.
    /// Holds <see cref="TestMethodReference"/>s, never MethodInfo objects (see there why).
    /// </summary>
    public sealed class TestClassPlan
    {
        private readonly ArrayList _setups = new ArrayList();
        private readonly ArrayList _cleanups = new ArrayList();
        private readonly ArrayList _cases = new ArrayList();

        public TestClassPlan(Type type)
        {
            Type = type;

            // First read each method's name, parameters and attributes straight after a GetMethods() of its own:
            // reading one method allocates (parameters, attributes), and a collection in between would spoil a
            // MethodInfo kept from an earlier call (a class with 96 data rows allocates hundreds of objects here).
            // After this loop no MethodInfo is touched again.
            int methodCount = type.GetMethods().Length;
            TestMethodReference?[] references = new TestMethodReference?[methodCount];
            object[]?[] attributes = new object[]?[methodCount];
            for (int index = 0; index < methodCount; index++)
            {
                MethodInfo method = type.GetMethods()[index];
                if (method.DeclaringType == type)
                {
                    references[index] = new TestMethodReference(type, method, index);
                    attributes[index] = method.GetCustomAttributes(true);
                }
            }

            ArrayList rows = new ArrayList();
            for (int index = 0; index < references.Length; index++)
            {
                TestMethodReference? reference = references[index];
                object[]? methodAttributes = attributes[index];
                if (reference == null || methodAttributes == null)
                {
                    continue;
                }

                bool isTestMethod = false;
                int rowIndex = 0;
                foreach (object attribute in methodAttributes)
                {
                    if (attribute is SetupAttribute)
                    {
                        _setups.Add(reference);
                    }
                    else if (attribute is CleanupAttribute)
                    {
                        _cleanups.Add(reference);
                    }
                    else if (attribute is TestMethodAttribute)
                    {
                        isTestMethod = true;
                    }
                    else if (attribute is DataRowAttribute row)
                    {
                        rows.Add(new TestCase(this, reference, row.MethodParameters, rowIndex++));
                    }
                }

                // As in nanoFramework.TestFramework: a method with data rows runs only its rows.
                if (isTestMethod && rowIndex == 0)
                {
                    _cases.Add(new TestCase(this, reference, new object[0], -1));
                }
            }

            foreach (TestCase row in rows)
            {
                _cases.Add(row);
            }
        }

        public Type Type { get; }

        /// <summary>The [Setup] methods (<see cref="TestMethodReference"/>).</summary>
        public ICollection Setups => _setups;

        /// <summary>The [Cleanup] methods (<see cref="TestMethodReference"/>).</summary>
        public ICollection Cleanups => _cleanups;

        /// <summary>The test cases (TestCase), in run order.</summary>
        public IList Cases => _cases;
    }
}
