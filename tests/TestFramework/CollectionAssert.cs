using System.Collections;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>Collection assertions of nanoFramework.TestFramework 3.0: element by element, in order.</summary>
    public static class CollectionAssert
    {
        public static void Empty(ICollection collection, string message = "")
        {
            if (collection.Count != 0)
            {
                throw new AssertFailedException("CollectionAssert.Empty failed. Expected:<0 elements>. Actual:<" + collection.Count + " elements>. " + message);
            }
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection.Count == 0)
            {
                throw new AssertFailedException("CollectionAssert.NotEmpty failed. Expected:<at least 1 element>. Actual:<0 elements>. " + message);
            }
        }

        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            string difference = FindDifference(expected, actual);
            if (difference.Length > 0)
            {
                throw new AssertFailedException("CollectionAssert.AreEqual failed. " + difference + " " + message);
            }
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (FindDifference(notExpected, actual).Length == 0)
            {
                throw new AssertFailedException("CollectionAssert.AreNotEqual failed. The collections are equal. " + message);
            }
        }

        // Returns "" when equal, else a description of the first difference.
        private static string FindDifference(ICollection expected, ICollection actual)
        {
            if (expected.Count != actual.Count)
            {
                return "Expected:<" + expected.Count + " elements>. Actual:<" + actual.Count + " elements>.";
            }

            IEnumerator expectedItems = expected.GetEnumerator();
            IEnumerator actualItems = actual.GetEnumerator();
            int index = 0;
            while (expectedItems.MoveNext() && actualItems.MoveNext())
            {
                object? expectedItem = expectedItems.Current;
                object? actualItem = actualItems.Current;
                bool same = expectedItem == null ? actualItem == null : expectedItem.Equals(actualItem);
                if (!same)
                {
                    return "At index " + index + ": Expected:<" + (expectedItem == null ? "null" : expectedItem.ToString()) + ">. Actual:<" + (actualItem == null ? "null" : actualItem.ToString()) + ">.";
                }

                index++;
            }

            return "";
        }
    }
}
