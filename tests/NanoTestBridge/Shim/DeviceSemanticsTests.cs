using nanoFramework.TestFramework;
using TestFrameworkShared;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;

namespace HeartRateStreamer.Tests.Bridge.Shim;

// Where nanoFramework.TestFramework 3.0 on the interpreter is stricter than a desktop-minded shim would be
// (reference/nanoframework-api.md §13). Each case passed under the old shim and fails on the device, so a nano
// test that relied on it would pass on the PC and fail on the board.
public class DeviceSemanticsTests
{
    [Fact]
    public void AssertAndCollectionAssertAreSealedClassesNotStaticOnes()
    {
        // A static class is abstract and sealed in metadata; the real ones are only sealed.
        Xunit.Assert.True(typeof(NanoAssert).IsSealed);
        Xunit.Assert.False(typeof(NanoAssert).IsAbstract);
        Xunit.Assert.True(typeof(CollectionAssert).IsSealed);
        Xunit.Assert.False(typeof(CollectionAssert).IsAbstract);
    }

    [Fact]
    public void IsInstanceOfTypeWantsTheExactType()
    {
        NanoAssert.IsInstanceOfType(new ArgumentNullException("x"), typeof(ArgumentNullException));

        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsInstanceOfType(new ArgumentNullException("x"), typeof(ArgumentException)));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsInstanceOfType("text", typeof(IComparable)));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsInstanceOfType(null, typeof(object)));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsInstanceOfType("text", null));
    }

    [Fact]
    public void IsNotInstanceOfTypeFailsOnlyOnTheExactType()
    {
        NanoAssert.IsNotInstanceOfType(new ArgumentNullException("x"), typeof(ArgumentException));
        NanoAssert.IsNotInstanceOfType(null, typeof(ArgumentException));

        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsNotInstanceOfType(new ArgumentException("x"), typeof(ArgumentException)));
    }

    [Fact]
    public void StringAssertionsFailOnANullValue()
    {
        // DoesNotContains included: a null value does not pass as "contains nothing".
        Xunit.Assert.Contains("cannot be null", Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.Contains("a", null)).Message);
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.DoesNotContains("a", null));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.StartsWith("a", null));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.EndsWith("a", null));
    }

    [Fact]
    public void StringAssertionsCompareCharacterByCharacterAsTheDeviceDoes()
    {
        // nanoCLR's string search is ordinal. .NET's IndexOf(string), StartsWith and EndsWith with ICU compare
        // linguistically and skip a soft hyphen (U+00AD) or a zero-width space (U+200B); the test processes run in
        // invariant globalization mode (Directory.Build.props), where they are ordinal.
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.Contains("://", "http:\u00AD//h"));
        NanoAssert.DoesNotContains("://", "http:\u00AD//h");
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.StartsWith("server.", "\u200Bserver.pulseToken"));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.EndsWith("token", "server.pulsetoken\u200B"));
    }

    [Fact]
    public void StringAssertionsFailOnANullExpectation()
    {
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.Contains(null, "abc"));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.DoesNotContains(null, "abc"));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.StartsWith(null, "abc"));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.EndsWith(null, "abc"));
    }

    [Fact]
    public void DoublesCompareAsBoxedValuesOnTheDevice()
    {
        // The device's ValueType.Equals compares the bytes: NaN equals NaN, the two zeros differ.
        NanoAssert.AreEqual(double.NaN, double.NaN);
        NanoAssert.AreEqual(float.NaN, float.NaN);
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(0.0, -0.0));
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(0.0f, -0.0f));
        NanoAssert.AreNotEqual(0.0, -0.0);
        NanoAssert.AreNotEqual(0.0f, -0.0f);
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreNotEqual(double.NaN, double.NaN));
    }

    [Fact]
    public void BoxedDoublesInObjectsAndCollectionsCompareTheSameWay()
    {
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual((object)0.0, (object)-0.0));
        NanoAssert.AreEqual((object)double.NaN, (object)double.NaN);
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(new[] { 1.0, 0.0 }, new[] { 1.0, -0.0 }));
        CollectionAssert.AreEqual(new[] { double.NaN }, new[] { double.NaN });
    }

    [Fact]
    public void ObjectOverloadDoesNotConvertBetweenNumberTypes() =>
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual((object)3, (object)3L));

    [Fact]
    public void SkipTestExceptionHasTheRealOptionalConstructorArguments()
    {
        var cause = new InvalidOperationException("no sensor");

        Xunit.Assert.Null(new SkipTestException().InnerException);
        Xunit.Assert.Equal("why", new SkipTestException("why").Message);
        Xunit.Assert.Same(cause, new SkipTestException("why", cause).InnerException);
        Xunit.Assert.Same(cause, new SkipTestException(innerException: cause).InnerException);
        Xunit.Assert.Throws<SkipTestException>(() => NanoAssert.SkipTest());
    }

    [Fact]
    public void AssertFailedExceptionHasTheRealConstructors()
    {
        var cause = new InvalidOperationException("bus");

        Xunit.Assert.Null(new AssertFailedException().InnerException);
        Xunit.Assert.Equal("wrong bytes", new AssertFailedException("wrong bytes").Message);
        var withCause = new AssertFailedException("wrong bytes", cause);
        Xunit.Assert.Equal("wrong bytes", withCause.Message);
        Xunit.Assert.Same(cause, withCause.InnerException);
    }

    [Fact]
    public void CollectionAssertHandlesNullCollectionsAsTheRealOneDoes()
    {
        CollectionAssert.AreEqual(null, null);
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(null, new[] { 1 }));
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(new[] { 1 }, null));
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.Empty(null));
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.NotEmpty(null));

        int[] same = { 1, 2 };
        Xunit.Assert.Throws<AssertFailedException>(() => CollectionAssert.AreNotEqual(same, same));
        CollectionAssert.AreNotEqual(null, same);
    }

    [Fact]
    public void ThrowsExceptionFailsOnANullAction() =>
        Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.ThrowsException(typeof(ArgumentException), null));

    [Fact]
    public void AnOmittedMessageIsTheCheckedExpression()
    {
        int samples = 3;

        Xunit.Assert.Equal("Assert.IsTrue failed. samples > 4", Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.IsTrue(samples > 4)).Message);
        Xunit.Assert.Equal("Assert.AreEqual failed. Expected:<4>. Actual:<3>. samples", Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(4, samples)).Message);
    }

    [Fact]
    public void NullsShowAsTheRealPackageShowsThem() =>
        Xunit.Assert.Contains("Expected:<(null)>. Actual:<x>.", Xunit.Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(null, "x")).Message);

    [Fact]
    public void DataRowTellsANullArrayFromAnEmptyOne()
    {
        Xunit.Assert.Throws<ArgumentNullException>(() => new DataRowAttribute(null!));
        Xunit.Assert.Throws<ArgumentException>(() => new DataRowAttribute());
    }
}
