using System;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// The assertions of nanoFramework.TestFramework 3.0, with its names and semantics
    /// (doubles compare exactly; <see cref="ThrowsException"/> wants the exact exception type).
    /// Every failure throws <see cref="AssertFailedException"/> with the expected and the actual value.
    /// </summary>
    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(byte expected, byte actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(char expected, char actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(double expected, double actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(float expected, float actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(int expected, int actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(long expected, long actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(short expected, short actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(uint expected, uint actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(ulong expected, ulong actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);
        public static void AreEqual(ushort expected, ushort actual, string message = "") => Check(expected == actual, "AreEqual", expected.ToString(), actual.ToString(), message);

        public static void AreEqual(string? expected, string? actual, string message = "") => Check(expected == actual, "AreEqual", Show(expected), Show(actual), message);

        public static void AreEqual(object? expected, object? actual, string message = "") => Check(AreEqualObjects(expected, actual), "AreEqual", Show(expected), Show(actual), message);

        public static void AreNotEqual(bool notExpected, bool actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(byte notExpected, byte actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(char notExpected, char actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(DateTime notExpected, DateTime actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(double notExpected, double actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(float notExpected, float actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(int notExpected, int actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(long notExpected, long actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(short notExpected, short actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);
        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", notExpected.ToString(), message);

        public static void AreNotEqual(string? notExpected, string? actual, string message = "") => CheckNot(notExpected != actual, "AreNotEqual", Show(notExpected), message);

        public static void AreNotEqual(object? notExpected, object? actual, string message = "") => CheckNot(!AreEqualObjects(notExpected, actual), "AreNotEqual", Show(notExpected), message);

        public static void AreSame(object? expected, object? actual, string message = "") => Check(ReferenceEquals(expected, actual), "AreSame", Show(expected), Show(actual), message);

        public static void AreNotSame(object? notExpected, object? actual, string message = "") => CheckNot(!ReferenceEquals(notExpected, actual), "AreNotSame", Show(notExpected), message);

        public static void IsTrue(bool condition, string message = "") => Check(condition, "IsTrue", "True", "False", message);

        public static void IsFalse(bool condition, string message = "") => Check(!condition, "IsFalse", "False", "True", message);

        public static void IsNull(object? value, string message = "") => Check(value == null, "IsNull", "null", Show(value), message);

        public static void IsNotNull(object? value, string message = "") => Check(value != null, "IsNotNull", "not null", "null", message);

        public static void IsInstanceOfType(object? value, Type expectedType, string message = "") =>
            Check(value != null && expectedType.IsInstanceOfType(value), "IsInstanceOfType", expectedType.FullName ?? expectedType.Name, value == null ? "null" : value.GetType().FullName ?? "?", message);

        public static void IsNotInstanceOfType(object? value, Type wrongType, string message = "") =>
            CheckNot(value == null || !wrongType.IsInstanceOfType(value), "IsNotInstanceOfType", wrongType.FullName ?? wrongType.Name, message);

        public static void Contains(string expected, string value, string message = "") => Check(value != null && value.IndexOf(expected) >= 0, "Contains", "a string containing " + Show(expected), Show(value), message);

        public static void DoesNotContains(string notExpected, string value, string message = "") => Check(value == null || value.IndexOf(notExpected) < 0, "DoesNotContains", "no " + Show(notExpected), Show(value), message);

        public static void StartsWith(string expected, string value, string message = "") => Check(value != null && value.StartsWith(expected), "StartsWith", "a string starting with " + Show(expected), Show(value), message);

        public static void EndsWith(string expected, string value, string message = "") => Check(value != null && value.EndsWith(expected), "EndsWith", "a string ending with " + Show(expected), Show(value), message);

        /// <summary>Passes only when <paramref name="action"/> throws exactly <paramref name="exceptionType"/> (not a subclass).</summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            Exception? thrown = null;
            try
            {
                action();
            }
            catch (Exception exception)
            {
                thrown = exception;
            }

            string expectedName = exceptionType.FullName ?? exceptionType.Name;
            if (thrown == null)
            {
                Fail("ThrowsException", expectedName, "no exception", message);
            }
            else if (thrown.GetType() != exceptionType)
            {
                Fail("ThrowsException", expectedName, (thrown.GetType().FullName ?? "?") + ": " + thrown.Message, message);
            }
        }

        /// <summary>Skips the current test; in a [Setup] method, the whole class.</summary>
        public static void SkipTest(string message = "") => throw new SkipTestException(message);

        private static bool AreEqualObjects(object? expected, object? actual) => expected == null ? actual == null : expected.Equals(actual);

        private static string Show(object? value) => value == null ? "null" : (value is string ? "\"" + value + "\"" : value.ToString() ?? "");

        private static void Check(bool condition, string assertion, string expected, string actual, string message)
        {
            if (!condition)
            {
                Fail(assertion, expected, actual, message);
            }
        }

        private static void CheckNot(bool condition, string assertion, string notExpected, string message)
        {
            if (!condition)
            {
                throw new AssertFailedException("Assert." + assertion + " failed. Expected any value except:<" + notExpected + ">. " + message);
            }
        }

        private static void Fail(string assertion, string expected, string actual, string message)
        {
            throw new AssertFailedException("Assert." + assertion + " failed. Expected:<" + expected + ">. Actual:<" + actual + ">. " + message);
        }
    }
}
