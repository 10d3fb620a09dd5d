using System;
using System.Collections;
using System.Reflection;
using TestFrameworkShared;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>
    /// Finds and runs nanoFramework.TestFramework-style tests by reflection. Written in the portable subset,
    /// so the same code drives the tests on a nanoCLR (<see cref="UnitTestLauncher"/>) and under
    /// `dotnet test` (the host bridge).
    /// </summary>
    public static class TestRunner
    {
        /// <summary>Every [TestClass] of the assembly (as <see cref="TestClassPlan"/>), in metadata order.</summary>
        public static ArrayList Discover(Assembly assembly)
        {
            ArrayList plans = new ArrayList();
            foreach (Type type in assembly.GetTypes())
            {
                foreach (object attribute in type.GetCustomAttributes(true))
                {
                    if (attribute is TestClassAttribute)
                    {
                        plans.Add(new TestClassPlan(type));
                        break;
                    }
                }
            }

            return plans;
        }

        /// <summary>Runs the class's [Setup] methods; the first that fails or skips decides the result.</summary>
        public static TestResult RunSetup(TestClassPlan plan) => RunAll(plan.Setups);

        /// <summary>Runs the class's [Cleanup] methods.</summary>
        public static TestResult RunCleanup(TestClassPlan plan) => RunAll(plan.Cleanups);

        public static TestResult RunCase(TestCase testCase) => Invoke(testCase.Method, testCase.Arguments);

        private static TestResult RunAll(ICollection methods)
        {
            foreach (TestMethodReference method in methods)
            {
                TestResult result = Invoke(method, new object[0]);
                if (result.Outcome != TestOutcome.Passed)
                {
                    return result;
                }
            }

            return new TestResult(TestOutcome.Passed, "", null, 0);
        }

        private static TestResult Invoke(TestMethodReference method, object[] arguments)
        {
            if (method.ParameterCount != arguments.Length)
            {
                string problem = method.Name + " takes " + method.ParameterCount + " parameter(s) but its data row has " + arguments.Length + ".";
                return new TestResult(TestOutcome.Failed, problem, null, 0);
            }

            string rowProblem = FindRowProblem(method, arguments);
            if (rowProblem.Length > 0)
            {
                return new TestResult(TestOutcome.Failed, rowProblem, null, 0);
            }

            long started = DateTime.UtcNow.Ticks;
            try
            {
                // nanoFramework.TestFramework invokes with no instance; test state lives in static fields.
                // An instance method still gets a fresh object here, so instance state never survives a call, as on the device.
                object? target = method.IsStatic ? null : CreateInstance(method.DeclaringType);

                // A MethodInfo found now and dropped after the call: one kept from discovery may be stale on the interpreter.
                MethodInfo? found = method.Find();
                if (found == null)
                {
                    return new TestResult(TestOutcome.Failed, method.Name + " is no longer among " + method.DeclaringType.Name + "'s methods.", null, 0);
                }

                found.Invoke(target, arguments.Length == 0 ? null : arguments);
                return new TestResult(TestOutcome.Passed, "", null, DateTime.UtcNow.Ticks - started);
            }
            catch (Exception thrown)
            {
                Exception cause = Unwrap(thrown);
                long elapsed = DateTime.UtcNow.Ticks - started;

                // The real launcher compares the exact type: a subclass of SkipTestException is a failure.
                if (cause.GetType() == typeof(SkipTestException))
                {
                    return new TestResult(TestOutcome.Skipped, cause.Message, cause, elapsed);
                }

                string message = cause is AssertFailedException ? cause.Message : cause.GetType().FullName + ": " + cause.Message;
                return new TestResult(TestOutcome.Failed, message, cause, elapsed);
            }
        }

        /// <summary>
        /// "" when the data row's arguments reach the method on the interpreter as they do here, else why not
        /// (reference/nanoframework-api.md §12): the device does not convert arguments (3 for a long parameter fails
        /// there although .NET's reflection widens it), cannot read an enum back from the attribute, and hands a
        /// typeof(X) argument over as the string "X".
        /// </summary>
        private static string FindRowProblem(TestMethodReference method, object[] arguments)
        {
            for (int i = 0; i < arguments.Length; i++)
            {
                object argument = arguments[i];
                string where = method.Name + ": data row argument " + (i + 1) + " ";
                if (argument is Enum)
                {
                    return where + "is an enum, which the device cannot read from the attribute; pass its integer value and cast in the test.";
                }

                if (argument is Type)
                {
                    return where + "is a typeof(), which arrives on the device as a string; pass the type's name.";
                }

                string parameterType = method.ParameterTypeName(i);
                string argumentType = argument.GetType().FullName ?? "";
                if (parameterType != "System.Object" && parameterType != argumentType)
                {
                    return where + "is " + argumentType + " but the parameter is " + parameterType + "; the device does not convert (write 3L for long, 3.0 for double).";
                }
            }

            return "";
        }

        private static object CreateInstance(Type type)
        {
            ConstructorInfo? constructor = type.GetConstructor(new Type[0]);
            if (constructor == null)
            {
                throw new InvalidOperationException(type.Name + " needs a public parameterless constructor, or make its test methods static.");
            }

            return constructor.Invoke(new object[0]);
        }

        // The desktop runtime wraps what the test threw in TargetInvocationException; nanoCLR does not.
        // The type is matched by name because nanoFramework's mscorlib has no such type.
        private static Exception Unwrap(Exception thrown)
        {
            Exception current = thrown;
            while (current.InnerException != null && current.GetType().FullName == "System.Reflection.TargetInvocationException")
            {
                current = current.InnerException;
            }

            return current;
        }
    }
}
