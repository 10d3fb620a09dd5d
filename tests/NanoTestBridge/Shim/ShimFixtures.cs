using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Bridge.Shim;

// Nano-style test classes used as inputs by the shim's own tests. They live in this assembly, not in
// NFUnitTest, so the bridge never runs them as real tests.

[TestClass]
public class PassingAndFailingFixture
{
    public static readonly List<string> Calls = new();

    [Setup]
    public static void Setup() => Calls.Add("setup");

    [TestMethod]
    public static void Passes() => Calls.Add("passes");

    [TestMethod]
    public static void FailsWithWrongValue()
    {
        Calls.Add("fails");
        Assert.AreEqual(42, 41, "the answer");
    }

    [DataRow(2, 3, 5)]
    [DataRow(2, 2, 5)]
    public static void Adds(int left, int right, int sum)
    {
        Calls.Add("adds " + left + "+" + right);
        Assert.AreEqual(sum, left + right);
    }

    [Cleanup]
    public static void Cleanup() => Calls.Add("cleanup");
}

[TestClass]
public class SkippedInSetupFixture
{
    public static int CleanupCount;

    [Setup]
    public static void Setup() => Assert.SkipTest("no sensor attached");

    [TestMethod]
    public static void NeverRuns() => throw new InvalidOperationException("a skipped class must not run its tests");

    [Cleanup]
    public static void Cleanup() => CleanupCount++;
}

[TestClass]
public class FailingSetupFixture
{
    public static bool TestRan;

    [Setup]
    public static void Setup() => throw new InvalidOperationException("setup broke");

    [TestMethod]
    public static void StillRuns() => TestRan = true;
}

[TestClass]
public class WrongRowFixture
{
    [DataRow(1, 2)]
    public static void TakesOne(int value) => Assert.AreEqual(1, value);
}
