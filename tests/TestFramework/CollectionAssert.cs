using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Collection assertions of nanoFramework.TestFramework 3.0, declared as it is (a sealed class, not static):
    /// element by element, in order, each pair compared as the device's <c>object.Equals</c> does. Two null
    /// collections, or the same collection twice, are equal; a null against a non-null one is not.
    /// <see cref="Empty"/> and <see cref="NotEmpty"/> fail on a null collection.
    /// </summary>
    public sealed class CollectionAssert
    {
        public static void Empty(ICollection? collection, string message = "")
        {
            Assert.EnsureParameterIsNotNull(collection, "CollectionAssert.Empty", "collection");
            if (collection!.Count != 0)
            {
                Assert.HandleFail("CollectionAssert.Empty", message);
            }
        }

        public static void NotEmpty(ICollection? collection, string message = "")
        {
            Assert.EnsureParameterIsNotNull(collection, "CollectionAssert.NotEmpty", "collection");
            if (collection!.Count == 0)
            {
                Assert.HandleFail("CollectionAssert.NotEmpty", message);
            }
        }

        /// <summary>Fails with "message(reason)", the real package's layout, naming the first element that differs.</summary>
        public static void AreEqual(ICollection? expected, ICollection? actual, string message = "")
        {
            string reason = FindDifference(expected, actual);
            if (reason.Length > 0)
            {
                Assert.HandleFail("CollectionAssert.AreEqual", message + "(" + reason + ")");
            }
        }

        public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "")
        {
            if (FindDifference(notExpected, actual).Length == 0)
            {
                string reason = notExpected == actual ? "Both collection references point to the same collection object. " : "Both collection contain same elements.";
                Assert.HandleFail("CollectionAssert.AreNotEqual", message + "(" + reason + ")");
            }
        }

        /// <summary>"" when the collections are equal, else why not (a null against a non-null collection gives a reason too).</summary>
        private static string FindDifference(ICollection? expected, ICollection? actual)
        {
            if (expected == actual)
            {
                return "";
            }

            if (expected == null || actual == null)
            {
                return "One of the collections is null.";
            }

            if (expected.Count != actual.Count)
            {
                return "Different number of elements.";
            }

            IEnumerator expectedItems = expected.GetEnumerator();
            IEnumerator actualItems = actual.GetEnumerator();
            int index = 0;
            while (expectedItems.MoveNext() && actualItems.MoveNext())
            {
                object? expectedItem = expectedItems.Current;
                object? actualItem = actualItems.Current;
                if (!Assert.ObjectsEqual(expectedItem, actualItem))
                {
                    return "Element at index " + index + " do not match. Expected:<" + expectedItem + ">. Actual:<" + actualItem + ">.";
                }

                index++;
            }

            return "";
        }
    }
}
