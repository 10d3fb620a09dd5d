using System;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>One runnable test: a [TestMethod], or one [DataRow] of a parameterised method.</summary>
    public sealed class TestCase
    {
        public TestCase(TestClassPlan testClass, TestMethodReference method, object[] arguments, int rowIndex)
        {
            TestClass = testClass;
            Method = method;
            Arguments = arguments;
            RowIndex = rowIndex;
            DisplayName = testClass.Type.Name + "." + method.Name + (rowIndex < 0 ? "" : "(" + FormatArguments(arguments) + ")");
            Id = testClass.Type.FullName + "." + method.Name + (rowIndex < 0 ? "" : "#" + rowIndex);
        }

        public TestClassPlan TestClass { get; }

        /// <summary>The method to run, found again right before each run (no MethodInfo is kept).</summary>
        public TestMethodReference Method { get; }

        /// <summary>The data row's arguments; empty for a plain [TestMethod].</summary>
        public object[] Arguments { get; }

        /// <summary>The data row's position among the method's rows, or -1 for a plain [TestMethod].</summary>
        public int RowIndex { get; }

        /// <summary>"Class.Method" or "Class.Method(arguments)": the name a person reads.</summary>
        public string DisplayName { get; }

        /// <summary>Unique within an assembly even when two rows print alike.</summary>
        public string Id { get; }

        private static string FormatArguments(object[] arguments)
        {
            string text = "";
            for (int i = 0; i < arguments.Length; i++)
            {
                object argument = arguments[i];
                string shown = argument is string ? "\"" + argument + "\"" : argument.ToString() ?? "";
                text = i == 0 ? shown : text + ", " + shown;
            }

            return text;
        }
    }
}
