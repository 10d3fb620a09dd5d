using System.Reflection;
using nanoFramework.TestFramework.Launcher;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>
/// The nano test assembly as the nano launcher sees it, plus nanoFramework.TestFramework's class-level
/// lifecycle: a class's [Setup] runs once before its first case and its [Cleanup] once after its last.
/// </summary>
public static class NanoTestSession
{
    // Loaded by the name the nanoFramework launcher uses.
    private static readonly Assembly s_assembly = Assembly.Load("NFUnitTest");
    private static readonly TestCase[] s_cases = TestRunner.Discover(s_assembly).Cast<TestClassPlan>().SelectMany(plan => plan.Cases.Cast<TestCase>()).ToArray();
    private static readonly Dictionary<string, int> s_indexById = s_cases.Select((testCase, index) => (testCase.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index);
    private static readonly Dictionary<TestClassPlan, ClassState> s_classes = new();
    private static readonly object s_gate = new();

    static NanoTestSession()
    {
        // Cleanup of classes whose cases were only partly run (a filtered run) still happens once, at exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunPendingCleanups();
    }

    public static TestCase[] Cases => s_cases;

    public static int IndexOf(string caseId) => s_indexById.TryGetValue(caseId, out int index) ? index : int.MaxValue;

    public static TestCase Find(string caseId) =>
        s_indexById.TryGetValue(caseId, out int index)
            ? s_cases[index]
            : throw new InvalidOperationException($"No nano test case '{caseId}' in NFUnitTest; rebuild the tests.");

    public static NanoCaseRun Run(string caseId)
    {
        TestCase testCase = Find(caseId);
        lock (s_gate)
        {
            var output = new StringWriter();
            TextWriter console = Console.Out;
            Console.SetOut(output);
            try
            {
                ClassState state = EnterClass(testCase.TestClass);
                TestResult result = state.Setup.Outcome switch
                {
                    TestOutcome.Skipped => state.Setup,
                    TestOutcome.Failed => Combine(state.Setup, TestRunner.RunCase(testCase)),
                    _ => TestRunner.RunCase(testCase),
                };

                state.Remaining--;
                if (state.Remaining == 0)
                {
                    result = Combine(result, LeaveClass(testCase.TestClass, state));
                }

                return new NanoCaseRun(result, output.ToString());
            }
            finally
            {
                Console.SetOut(console);
            }
        }
    }

    private static ClassState EnterClass(TestClassPlan plan)
    {
        if (!s_classes.TryGetValue(plan, out ClassState? state))
        {
            state = new ClassState(TestRunner.RunSetup(plan), plan.Cases.Count);
            s_classes[plan] = state;
        }

        return state;
    }

    private static TestResult LeaveClass(TestClassPlan plan, ClassState state)
    {
        state.CleanedUp = true;

        // A skipped Setup skips the whole class, its Cleanup included.
        return state.Setup.Outcome == TestOutcome.Skipped ? state.Setup : TestRunner.RunCleanup(plan);
    }

    // A failing Setup or Cleanup is reported on the cases it touches; the nano launcher also lets the tests run.
    private static TestResult Combine(TestResult first, TestResult second)
    {
        if (first.Outcome != TestOutcome.Failed)
        {
            return second.Outcome == TestOutcome.Failed ? WithPrefix(second, "[Cleanup] ") : second;
        }

        return second.Outcome == TestOutcome.Failed
            ? new TestResult(TestOutcome.Failed, "[Setup] " + first.Message + " | " + second.Message, second.Exception, second.ElapsedTicks)
            : WithPrefix(first, "[Setup] ");
    }

    private static TestResult WithPrefix(TestResult result, string prefix) =>
        new(result.Outcome, prefix + result.Message, result.Exception, result.ElapsedTicks);

    private static void RunPendingCleanups()
    {
        lock (s_gate)
        {
            foreach ((TestClassPlan plan, ClassState state) in s_classes)
            {
                if (!state.CleanedUp)
                {
                    LeaveClass(plan, state);
                }
            }
        }
    }

    private sealed class ClassState(TestResult setup, int caseCount)
    {
        public TestResult Setup { get; } = setup;

        public int Remaining { get; set; } = caseCount;

        public bool CleanedUp { get; set; }
    }
}
