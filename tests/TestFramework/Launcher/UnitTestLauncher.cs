using System;
using System.Reflection;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>
    /// Runs every test of an assembly and prints one line per case plus a final summary line, for a nanoCLR
    /// where no test adapter is at hand. An unhandled exception on nanoCLR exits with code 0, so whoever
    /// reads this output must look for the summary line, not the exit code.
    /// </summary>
    public static class UnitTestLauncher
    {
        /// <summary>Runs all tests; returns the number that failed.</summary>
        public static int RunAll(Assembly assembly)
        {
            int passed = 0;
            int failed = 0;
            int skipped = 0;
            foreach (TestClassPlan plan in TestRunner.Discover(assembly))
            {
                TestResult setup = TestRunner.RunSetup(plan);
                if (setup.Outcome == TestOutcome.Failed)
                {
                    // As in nanoFramework.TestFramework: a failing Setup is reported and the tests still run.
                    failed++;
                    Report("failed", plan.Type.Name + ".Setup", setup.Message);
                }

                foreach (TestCase testCase in plan.Cases)
                {
                    TestResult result = setup.Outcome == TestOutcome.Skipped ? setup : TestRunner.RunCase(testCase);
                    if (result.Outcome == TestOutcome.Passed)
                    {
                        passed++;
                        Report("passed", testCase.DisplayName, result.ElapsedTicks.ToString());
                    }
                    else if (result.Outcome == TestOutcome.Skipped)
                    {
                        skipped++;
                        Report("skipped", testCase.DisplayName, result.Message);
                    }
                    else
                    {
                        failed++;
                        Report("failed", testCase.DisplayName, result.Message);
                    }
                }

                // A skipped Setup skips the whole class, its Cleanup included.
                if (setup.Outcome != TestOutcome.Skipped)
                {
                    TestResult cleanup = TestRunner.RunCleanup(plan);
                    if (cleanup.Outcome == TestOutcome.Failed)
                    {
                        failed++;
                        Report("failed", plan.Type.Name + ".Cleanup", cleanup.Message);
                    }
                }
            }

            Console.WriteLine(passed + " passed, " + failed + " failed, " + skipped + " skipped");
            return failed;
        }

        private static void Report(string outcome, string name, string detail) => Console.WriteLine("Test " + outcome + "," + name + "," + detail);
    }
}
