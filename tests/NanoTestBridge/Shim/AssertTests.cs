using nanoFramework.TestFramework;
using TestFrameworkShared;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;

namespace HeartRateStreamer.Tests.Bridge.Shim;

public class AssertTests
{
    [Fact]
    public void AreEqualFailsWithExpectedActualAndMessage()
    {
        var failure = Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(3, 4, "samples in the FIFO"));

        Xunit.Assert.Contains("Expected:<3>", failure.Message);
        Xunit.Assert.Contains("Actual:<4>", failure.Message);
        Xunit.Assert.Contains("samples in the FIFO", failure.Message);
    }

    [Fact]
    public void AreEqualPassesOnEqualValuesOfEveryKind()
    {
        NanoAssert.AreEqual(3, 3);
        NanoAssert.AreEqual(3L, 3L);
        NanoAssert.AreEqual(0.5, 0.5);
        NanoAssert.AreEqual("text", "text");
        NanoAssert.AreEqual((byte)7, (byte)7);
        NanoAssert.AreEqual((object?)null, null);
    }

    [Fact]
    public void DoublesCompareExactlyAsInNanoFramework() =>
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(0.1 + 0.2, 0.3));

    [Fact]
    public void AreNotEqualFailsOnEqualValues() =>
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreNotEqual(5, 5));

    [Fact]
    public void IsTrueAndIsFalseFail()
    {
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsTrue(false));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsFalse(true));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsNull(new object()));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsNotNull(null));
    }

    [Fact]
    public void ThrowsExceptionWantsTheExactType()
    {
        NanoAssert.ThrowsException(typeof(ArgumentException), () => throw new ArgumentException("x"));

        var subclass = Xunit.Assert.Throws<AssertFailedException>(() =>
            NanoAssert.ThrowsException(typeof(ArgumentException), () => throw new ArgumentNullException("x")));
        Xunit.Assert.Contains("ArgumentNullException", subclass.Message);

        var nothing = Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.ThrowsException(typeof(ArgumentException), () => { }));
        Xunit.Assert.Contains("No exception thrown", nothing.Message);
    }

    [Fact]
    public void StringAssertionsCheckTheirSubject()
    {
        NanoAssert.Contains("beat", "heartbeat");
        NanoAssert.StartsWith("POST", "POST / HTTP/1.1");
        NanoAssert.EndsWith("\r\n", "0\r\n\r\n");
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.Contains("xyz", "heartbeat"));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.StartsWith("GET", "POST /"));
    }

    [Fact]
    public void CollectionAssertNamesTheFirstDifference()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, new[] { 1, 2, 3 });
        var failure = Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(new[] { 1, 2, 3 }, new[] { 1, 9, 3 }));
        Xunit.Assert.Contains("index 1", failure.Message);
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(new[] { 1 }, new[] { 1, 2 }));
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.Empty(new[] { 1 }));
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.NotEmpty(Array.Empty<int>()));
    }

    [Fact]
    public void SkipTestThrowsSkip() =>
        Xunit.Assert.Throws<SkipTestException>(() => NanoAssert.SkipTest("why"));
}
