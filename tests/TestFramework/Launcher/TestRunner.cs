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
