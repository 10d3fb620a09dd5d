using nanoFramework.TestFramework.Launcher;
using Xunit;

namespace HeartRateStreamer.Tests.Bridge.Shim;

// The runner's semantics are nanoFramework.TestFramework's: class-level Setup/Cleanup, rows after methods,
// failures carried with their message. These tests would catch a runner that reports everything as passed.
public class RunnerTests
{
    [Fact]
    public void PlansTestMethodsThenDataRowsWithTheirNames()
    {
        var plan = new TestClassPlan(typeof(PassingAndFailingFixture));

        string[] names = plan.Cases.Cast<TestCase>().Select(testCase => testCase.DisplayName).ToArray();
        Assert.Equal(
            new[] { "PassingAndFailingFixture.Passes", "PassingAndFailingFixture.FailsWithWrongValue", "PassingAndFailingFixture.Adds(2, 3, 5)", "PassingAndFailingFixture.Adds(2, 2, 5)" },
            names);
    }

    [Fact]
    public void FailingAssertionFailsTheCaseWithItsMessage()
    {
        var plan = new TestClassPlan(typeof(PassingAndFailingFixture));
        TestCase[] cases = plan.Cases.Cast<TestCase>().ToArray();

        Assert.Equal(TestOutcome.Passed, TestRunner.RunCase(cases[0]).Outcome);
        TestResult failed = TestRunner.RunCase(cases[1]);
        Assert.Equal(TestOutcome.Failed, failed.Outcome);
        Assert.Contains("Expected:<42>. Actual:<41>", failed.Message);
        Assert.Equal(TestOutcome.Passed, TestRunner.RunCase(cases[2]).Outcome);
        Assert.Equal(TestOutcome.Failed, TestRunner.RunCase(cases[3]).Outcome);
    }

    [Fact]
    public void LauncherRunsSetupOnceAndCleanupOnceAroundAllCases()
    {
        PassingAndFailingFixture.Calls.Clear();
        var plan = new TestClassPlan(typeof(PassingAndFailingFixture));

        TestRunner.RunSetup(plan);
        foreach (TestCase testCase in plan.Cases)
        {
            TestRunner.RunCase(testCase);
        }

        TestRunner.RunCleanup(plan);
        Assert.Equal(new[] { "setup", "passes", "fails", "adds 2+3", "adds 2+2", "cleanup" }, PassingAndFailingFixture.Calls);
    }

    [Fact]
    public void SkipInSetupSkipsTheClass()
    {
        var plan = new TestClassPlan(typeof(SkippedInSetupFixture));

        TestResult setup = TestRunner.RunSetup(plan);
        Assert.Equal(TestOutcome.Skipped, setup.Outcome);
        Assert.Equal("no sensor attached", setup.Message);
    }

    [Fact]
    public void FailingSetupIsReportedWithTheExceptionMessage()
    {
        TestResult setup = TestRunner.RunSetup(new TestClassPlan(typeof(FailingSetupFixture)));

        Assert.Equal(TestOutcome.Failed, setup.Outcome);
        Assert.Contains("setup broke", setup.Message);
        Assert.IsType<InvalidOperationException>(setup.Exception);
    }

    [Fact]
    public void DataRowThatDoesNotFitTheMethodFails()
    {
        var plan = new TestClassPlan(typeof(WrongRowFixture));

        TestResult result = TestRunner.RunCase((TestCase)plan.Cases[0]!);
        Assert.Equal(TestOutcome.Failed, result.Outcome);
        Assert.Contains("takes 1 parameter(s) but its data row has 2", result.Message);
    }

    [Fact]
    public void UnitTestLauncherPrintsCasesAndTheSummaryLine()
    {
        var output = new StringWriter();
        TextWriter console = Console.Out;
        Console.SetOut(output);
        int failed;
        try
        {
            failed = UnitTestLauncher.RunAll(typeof(PassingAndFailingFixture).Assembly);
        }
        finally
        {
            Console.SetOut(console);
        }

        string text = output.ToString();
        Assert.Contains("Test passed,PassingAndFailingFixture.Passes,", text);
        Assert.Contains("Test failed,PassingAndFailingFixture.FailsWithWrongValue,Assert.AreEqual failed.", text);
        Assert.Contains("Test skipped,SkippedInSetupFixture.NeverRuns,no sensor attached", text);
        Assert.Contains("Test failed,FailingSetupFixture.Setup,", text);
        Assert.Contains("Test passed,FailingSetupFixture.StillRuns,", text);
        Assert.True(FailingSetupFixture.TestRan, "a failing Setup still lets the tests run");
        Assert.Equal(0, SkippedInSetupFixture.CleanupCount);

        // Fails: FailsWithWrongValue, Adds(2, 2, 5), FailingSetupFixture.Setup, WrongRowFixture.TakesOne(1, 2).
        Assert.Equal(4, failed);
        Assert.Matches(@"(?m)^\d+ passed, 4 failed, 1 skipped\r?$", text);
    }

    [Fact]
    public void PlanKeepsNoMethodInfoBetweenDiscoveryAndRun()
    {
        // On the interpreter a MethodInfo kept across garbage collections can answer with another method's
        // parameters; the plan stores names and parameter types and finds the method again before each run.
        var plan = new TestClassPlan(typeof(PassingAndFailingFixture));

        Assert.All(plan.Setups.Cast<object>(), setup => Assert.IsType<TestMethodReference>(setup));
        Assert.All(plan.Cleanups.Cast<object>(), cleanup => Assert.IsType<TestMethodReference>(cleanup));
        foreach (Type type in new[] { typeof(TestClassPlan), typeof(TestCase), typeof(TestMethodReference) })
        {
            foreach (System.Reflection.FieldInfo field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
            {
                Assert.False(typeof(System.Reflection.MethodBase).IsAssignableFrom(field.FieldType.IsArray ? field.FieldType.GetElementType() : field.FieldType), type.Name + "." + field.Name + " keeps a MethodInfo");
            }
        }
    }

    [Fact]
    public void MethodReferenceHoldsTheParametersReadAtDiscovery()
    {
        var plan = new TestClassPlan(typeof(PassingAndFailingFixture));
        TestMethodReference adds = ((TestCase)plan.Cases[2]!).Method;

        Assert.Equal("Adds", adds.Name);
        Assert.True(adds.IsStatic);
        Assert.Equal(3, adds.ParameterCount);
        Assert.Equal("System.Int32", adds.ParameterTypeName(0));
    }

    [Fact]
    public void OverloadsRunTheOverloadTheirRowWasWrittenFor()
    {
        OverloadedRowsFixture.Calls.Clear();
        var plan = new TestClassPlan(typeof(OverloadedRowsFixture));

        foreach (TestCase testCase in plan.Cases)
        {
            Assert.Equal(TestOutcome.Passed, TestRunner.RunCase(testCase).Outcome);
        }

        Assert.Equal(new[] { "int 3", "long 4" }, OverloadedRowsFixture.Calls.OrderBy(call => call));
    }

    [Fact]
    public void FindLocatesTheMethodAgainWhenItsPositionChanged()
    {
        System.Reflection.MethodInfo[] methods = typeof(PassingAndFailingFixture).GetMethods();
        int passes = Array.FindIndex(methods, method => method.Name == "Passes");
        int wrongIndex = passes == 0 ? 1 : 0;

        var reference = new TestMethodReference(typeof(PassingAndFailingFixture), methods[passes], wrongIndex);

        Assert.Equal("Passes", reference.Find()!.Name);
    }

    [Theory]
    [InlineData(0, "is System.Int32 but the parameter is System.Int64")]
    [InlineData(1, "is an enum")]
    [InlineData(2, "is a typeof()")]
    public void RowsTheDeviceCannotPassFailAsTheyWouldThere(int caseIndex, string reason)
    {
        var plan = new TestClassPlan(typeof(DeviceRowsFixture));

        TestResult result = TestRunner.RunCase((TestCase)plan.Cases[caseIndex]!);

        Assert.Equal(TestOutcome.Failed, result.Outcome);
        Assert.Contains(reason, result.Message);
    }

    [Fact]
    public void AnObjectParameterTakesARowOfAnyType()
    {
        var plan = new TestClassPlan(typeof(DeviceRowsFixture));

        Assert.Equal(TestOutcome.Passed, TestRunner.RunCase((TestCase)plan.Cases[3]!).Outcome);
        Assert.Equal(TestOutcome.Passed, TestRunner.RunCase((TestCase)plan.Cases[4]!).Outcome);
    }
}
