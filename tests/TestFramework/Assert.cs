using System;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// The assertions of nanoFramework.TestFramework 3.0 with its declaration, names, messages and semantics, so a
    /// test that passes here passes on the device: a sealed (not static) class; value overloads compare the boxed
    /// values as the interpreter's <c>ValueType.Equals</c> does (byte for byte, so NaN equals NaN and 0.0 differs from
    /// -0.0); <see cref="IsInstanceOfType"/> wants the exact type; the string assertions fail on a null argument;
    /// <see cref="ThrowsException"/> wants the exact exception type. An omitted message is the caller's expression for
    /// the checked value, as the real package fills it in. Every failure throws <see cref="AssertFailedException"/>.
    /// </summary>
    public sealed class Assert
    {
        private const string NullAsString = "(null)";
        private const string ObjectAsString = "(object)";

        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(char expected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        /// <summary>Exact, as the boxed comparison on the device: NaN equals NaN, 0.0 does not equal -0.0, no tolerance.</summary>
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!DoublesEqual(expected, actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        /// <summary>Exact, as the boxed comparison on the device: NaN equals NaN, 0.0f does not equal -0.0f, no tolerance.</summary>
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!DoublesEqual(expected, actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(long expected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        /// <summary><c>object.Equals(expected, actual)</c>: boxed numbers of different types (3 and 3L) are not equal.</summary>
        public static void AreEqual(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!ObjectsEqual(expected, actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(short expected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        /// <summary>Ordinal, as the device's <c>string.Compare</c> (byte order of UTF-8); two nulls are equal.</summary>
        public static void AreEqual(string? expected, string? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (expected != actual)
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        /// <summary>The opposite of <see cref="AreEqual(double, double, string)"/>: 0.0 and -0.0 count as different values.</summary>
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (DoublesEqual(notExpected, actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (DoublesEqual(notExpected, actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(object? notExpected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ObjectsEqual(notExpected, actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(string? notExpected, string? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreNotSame(object? notExpected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                HandleFail("Assert.AreNotSame", ReplaceNulls(message));
            }
        }

        /// <summary>Reference identity; boxed value types are never the same, and the message says so.</summary>
        public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(expected, actual))
            {
                return;
            }

            if (expected is ValueType || actual is ValueType)
            {
                HandleFail("Assert.AreSame", "Do not pass value types to AreSame(). Values converted to Object will never be the same. Consider using AreEqual(). " + ReplaceNulls(message));
            }

            HandleFail("Assert.AreSame", ReplaceNulls(message));
        }

        /// <summary>Fails when either string is null, as on the device.</summary>
        public static void Contains(string? expected, string? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.Contains", "expected");
            EnsureParameterIsNotNull(value, "Assert.Contains", "value");
            if (value!.IndexOf(expected!) < 0)
            {
                HandleFail("Assert.Contains", "'" + value + "' does not contain '" + expected + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails when either string is null (a null value does not pass as "contains nothing"), as on the device.</summary>
        public static void DoesNotContains(string? notExpected, string? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.DoesNotContains", "notExpected");
            EnsureParameterIsNotNull(value, "Assert.DoesNotContains", "value");
            if (value!.IndexOf(notExpected!) >= 0)
            {
                HandleFail("Assert.DoesNotContains", "'" + value + "' should not contain '" + notExpected + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails when either string is null, as on the device.</summary>
        public static void EndsWith(string? expected, string? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.EndsWith", "expected");
            EnsureParameterIsNotNull(value, "Assert.EndsWith", "value");
            if (!value!.EndsWith(expected!))
            {
                HandleFail("Assert.EndsWith", "'" + value + "' does not end with '" + expected + "'. " + ReplaceNulls(message));
            }
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        /// <summary>Passes only when <paramref name="value"/>'s type is exactly <paramref name="expected"/>: a subclass or an implemented interface fails, as on the device.</summary>
        public static void IsInstanceOfType(object? value, Type? expected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.IsInstanceOfType", "expected");
            if (value != null && expected == value.GetType())
            {
                return;
            }

            HandleFail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + ReplaceNulls(value == null ? null : value.GetType()) + ">. " + ReplaceNulls(message));
        }

        /// <summary>Fails only when <paramref name="value"/>'s type is exactly <paramref name="notExpected"/>; a subclass passes, as on the device.</summary>
        public static void IsNotInstanceOfType(object? value, Type? notExpected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.IsNotInstanceOfType", "notExpected");
            if (value == null || notExpected != value.GetType())
            {
                return;
            }

            HandleFail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">. Actual type:<" + value.GetType() + ">. " + ReplaceNulls(message));
        }

        public static void IsNotNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value == null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value != null)
            {
                HandleFail("Assert.IsNull", message);
            }
        }

        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        /// <summary>Skips the current test; in a [Setup] method, the whole class.</summary>
        public static void SkipTest(string? message = null) => throw new SkipTestException(message);

        /// <summary>Fails when either string is null, as on the device.</summary>
        public static void StartsWith(string? expected, string? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.StartsWith", "expected");
            EnsureParameterIsNotNull(value, "Assert.StartsWith", "value");
            if (!value!.StartsWith(expected!))
            {
                HandleFail("Assert.StartsWith", "'" + value + "' does not start with '" + expected + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Passes only when <paramref name="action"/> throws exactly <paramref name="exception"/> (not a subclass).</summary>
        public static void ThrowsException(Type? exception, Action? action, [CallerArgumentExpression(nameof(action))] string message = "")
        {
            EnsureParameterIsNotNull(action, "Assert.ThrowsException", "action");
            EnsureParameterIsNotNull(exception, "Assert.ThrowsException", "exception");
            try
            {
                action!.Invoke();
            }
            catch (Exception thrown)
            {
                if (exception == thrown.GetType())
                {
                    return;
                }

                HandleFail("Assert.ThrowsException", "Threw exception " + thrown.GetType().Name + ", but exception " + exception!.Name + " was expected. " + ReplaceNulls(message) + "\r\nException Message: " + thrown.Message);
            }

            HandleFail("Assert.ThrowsException", "No exception thrown. " + exception!.Name + " exception was expected. " + ReplaceNulls(message));
        }

        /// <summary>
        /// Equality of two values as the interpreter's <c>object.Equals</c> decides it for boxed values: byte for byte
        /// for doubles and floats (the native ValueType.Equals compares memory), <c>Equals</c> for everything else.
        /// The .NET runtime would call 0.0 and -0.0 equal; the device does not, and neither does this.
        /// </summary>
        internal static bool ObjectsEqual(object? expected, object? actual)
        {
            if (expected is double expectedDouble && actual is double actualDouble)
            {
                return DoublesEqual(expectedDouble, actualDouble);
            }

            if (expected is float expectedFloat && actual is float actualFloat)
            {
                return DoublesEqual(expectedFloat, actualFloat);
            }

            return Equals(expected, actual);
        }

        /// <summary>Fails the assertion, as the real package does, when a parameter it needs is null.</summary>
        internal static void EnsureParameterIsNotNull(object? value, string assertion, string parameter)
        {
            if (value == null)
            {
                HandleFail(assertion, "The parameter '" + parameter + "' is invalid. The value cannot be null.");
            }
        }

        /// <summary>Throws the failure with the real package's wording: "Assert.X failed. message".</summary>
        internal static void HandleFail(string assertion, string? message)
        {
            string safeMessage = message == null || message.Length == 0 ? "" : ReplaceNulls(message);
            throw new AssertFailedException(assertion + " failed. " + safeMessage);
        }

        /// <summary>"(null)" for null, else the value's text with NUL characters shown as \0.</summary>
        internal static string ReplaceNulls(object? input)
        {
            if (input == null)
            {
                return NullAsString;
            }

            string? text = null;
            try
            {
                text = input.ToString();
            }
            catch (NotImplementedException)
            {
                // nanoFramework leaves some ToString overrides unimplemented; show the placeholder instead.
            }

            return ReplaceNullChars(text ?? ObjectAsString);
        }

        // A float converts to double exactly and keeps its sign and NaN-ness, so comparing the double bits compares the float bits.
        private static bool DoublesEqual(double expected, double actual) => BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual);

        private static string ReplaceNullChars(string input)
        {
            if (input.IndexOf('\0') < 0)
            {
                return input;
            }

            string replaced = "";
            for (int i = 0; i < input.Length; i++)
            {
                replaced += input[i] == '\0' ? "\\0" : input[i].ToString();
            }

            return replaced;
        }

        private static void HandleAreEqualFail(object? expected, object? actual, string? message) =>
            HandleFail("Assert.AreEqual", "Expected:<" + ReplaceNulls(expected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + (message == null ? "" : ReplaceNulls(message)));

        private static void HandleAreNotEqualFail(object? notExpected, object? actual, string? message) =>
            HandleFail("Assert.AreNotEqual", "Expected any value except:<" + ReplaceNulls(notExpected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + (message == null ? "" : ReplaceNulls(message)));
    }
}
