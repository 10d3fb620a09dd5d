using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class JsonWriterTests
    {
        [DataRow(0L, "0")]
        [DataRow(7L, "7")]
        [DataRow(-5L, "-5")]
        [DataRow(1795892222123L, "1795892222123")]
        [DataRow(9223372036854775807L, "9223372036854775807")]
        [DataRow(-9223372036854775808L, "-9223372036854775808")]
        public static void WritesIntegers(long value, string expected)
        {
            var writer = new JsonWriter(32);
            writer.WriteInteger(value);
            Assert.AreEqual(expected, Written(writer));
        }

        [DataRow(72.456, 1, "72.5")]
        [DataRow(72.0, 1, "72.0")]
        [DataRow(98.25, 2, "98.25")]
        [DataRow(123.0, 2, "123.00")]
        [DataRow(0.5, 0, "1")]
        [DataRow(-0.5, 0, "-1")]
        [DataRow(-1.25, 1, "-1.3")]
        [DataRow(-0.04, 1, "0.0")]
        [DataRow(0.0000001, 3, "0.000")]
        [DataRow(0.001, 3, "0.001")]
        [DataRow(1234567.891, 3, "1234567.891")]
        [DataRow(1.0E15, 0, "1000000000000000")]
        [DataRow(-7.05, 9, "-7.050000000")]
        public static void WritesFixedDecimalsWithoutExponentOrLocale(double value, int decimals, string expected)
        {
            var writer = new JsonWriter(32);
            writer.WriteFixed(value, decimals);
            Assert.AreEqual(expected, Written(writer));
        }

        [TestMethod]
        public static void WritesNullForValuesFixedNotationCannotHold()
        {
            var writer = new JsonWriter(64);
            writer.WriteFixed(double.NaN, 1);
            writer.WriteByte((byte)',');
            writer.WriteFixed(double.PositiveInfinity, 1);
            writer.WriteByte((byte)',');
            writer.WriteFixed(double.NegativeInfinity, 0);
            writer.WriteByte((byte)',');
            writer.WriteFixed(1.0E20, 0);
            writer.WriteByte((byte)',');
            writer.WriteFixed(-1.0E10, 9);
            Assert.AreEqual("null,null,null,null,null", Written(writer));
        }

        [TestMethod]
        public static void RejectsDecimalsOutsideZeroToNine()
        {
            var writer = new JsonWriter(32);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => writer.WriteFixed(1.0, 10));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => writer.WriteFixed(1.0, -1));
        }

        [TestMethod]
        public static void EscapesStringsAsRfc8259Requires()
        {
            var writer = new JsonWriter(128);
            writer.WriteString("a\"b\\c\nd\re\tf\bg\fh" + (char)1 + "/");
            Assert.AreEqual("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001/\"", Written(writer));
        }

        [TestMethod]
        public static void EncodesNonAsciiAsUtf8()
        {
            var writer = new JsonWriter(64);

            // é (2 bytes), € (3 bytes), 😀 U+1F600 (4 bytes). .NET holds 😀 as a surrogate pair; the interpreter holds
            // it as UTF-8 and reads it back through s[i] as the high surrogate twice. Both must give the same bytes.
            writer.WriteString("\u00e9\u20ac\ud83d\ude00");
            AssertBytes(new byte[] { 0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22 }, writer);
        }

        [TestMethod]
        public static void EncodesRepeatedAndMixedNonBmpCharacters()
        {
            var writer = new JsonWriter(64);

            // 😀😀 then 𝄞 U+1D11E: each character on its own, whatever the runtime's string reading.
            writer.WriteString("\ud83d\ude00\ud83d\ude00a\ud834\udd1e");
            AssertBytes(new byte[] { 0x22, 0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F, 0x98, 0x80, 0x61, 0xF0, 0x9D, 0x84, 0x9E, 0x22 }, writer);
        }

        [TestMethod]
        public static void WritesALoneSurrogateAsAnEscape()
        {
            var writer = new JsonWriter(32);
            writer.WriteString("x\ud800y");
            if (KeepsLoneSurrogates())
            {
                // .NET: the string still holds U+D800, which has no UTF-8 form, so it goes out as \ud800.
                Assert.AreEqual("\"x\\ud800y\"", Written(writer));
            }
            else
            {
                // The interpreter: the literal was already U+FFFD when the string was made, and that is written as UTF-8.
                AssertBytes(new byte[] { 0x22, 0x78, 0xEF, 0xBF, 0xBD, 0x79, 0x22 }, writer);
            }
        }

        [TestMethod]
        public static void KeepsTwoEqualLoneHighSurrogatesApartWhereTheRuntimeHasThem()
        {
            if (!KeepsLoneSurrogates())
            {
                Assert.SkipTest("The interpreter turns lone surrogates into U+FFFD when the string is made; nothing to write.");
            }

            // What the interpreter's reading of one non-BMP character looks like, but on .NET: two lone surrogates.
            var writer = new JsonWriter(32);
            writer.WriteString("\ud83d\ud83d");
            Assert.AreEqual("\"\\ud83d\\ud83d\"", Written(writer));
        }

        [TestMethod]
        public static void EscapesFormDelimitersOnlyWhenAsked()
        {
            var writer = new JsonWriter(64);
            writer.WriteString("a&b+c%d");
            Assert.AreEqual("\"a&b+c%d\"", Written(writer));

            writer.Reset();
            writer.EscapeFormDelimiters = true;
            writer.WriteString("a&b+c%d");
            Assert.AreEqual("\"a\\u0026b\\u002bc\\u0025d\"", Written(writer));
        }

        [DataRow(1795892222123L, "\"2026-11-28 18:57:02.123\"")]
        [DataRow(1709251199999L, "\"2024-02-29 23:59:59.999\"")]
        [DataRow(951868800000L, "\"2000-03-01 00:00:00.000\"")]
        [DataRow(0L, "\"1970-01-01 00:00:00.000\"")]
        [DataRow(-1L, "\"1969-12-31 23:59:59.999\"")]
        public static void WritesUtcInstantsAsPlotlyDates(long unixMilliseconds, string expected)
        {
            var writer = new JsonWriter(32);
            writer.WriteUtcTimestamp(unixMilliseconds);
            Assert.AreEqual(expected, Written(writer));
        }

        [TestMethod]
        public static void WritesLiteralsAndRejectsNonAsciiRawText()
        {
            var writer = new JsonWriter(32);
            writer.WriteNull();
            writer.WriteBoolean(true);
            writer.WriteBoolean(false);
            Assert.AreEqual("nulltruefalse", Written(writer));
            Assert.ThrowsException(typeof(ArgumentException), () => writer.WriteAscii("\u00e9"));
        }

        [TestMethod]
        public static void WritesPreparedAsciiBytesAndRejectsNonAsciiText()
        {
            var writer = new JsonWriter(32);
            byte[] key = JsonWriter.Ascii("{\"x\":");
            writer.WriteBytes(key);
            writer.WriteInteger(7);
            writer.WriteBytes(JsonWriter.Ascii("}\n"));
            Assert.AreEqual("{\"x\":7}\n", Written(writer));
            Assert.ThrowsException(typeof(ArgumentException), () => JsonWriter.Ascii("\u00e9"));

            var full = new JsonWriter(6);
            full.WriteBytes(key);
            Assert.ThrowsException(typeof(InvalidOperationException), () => full.WriteBytes(key));
            Assert.AreEqual("{\"x\":", Written(full), "a write that does not fit writes nothing");
        }

        [TestMethod]
        public static void AUtcDateThatDoesNotFitWritesNothing()
        {
            var writer = new JsonWriter(26);
            writer.WriteByte((byte)'[');
            writer.WriteByte((byte)'[');
            Assert.ThrowsException(typeof(InvalidOperationException), () => writer.WriteUtcTimestamp(0L));
            Assert.AreEqual("[[", Written(writer), "the date needs 25 bytes; 24 are left");
        }

        [TestMethod]
        public static void SaysSoWhenTheBufferIsFull()
        {
            var writer = new JsonWriter(4);
            writer.WriteAscii("abcd");
            Assert.ThrowsException(typeof(InvalidOperationException), () => writer.WriteByte((byte)'e'));
            Assert.AreEqual("abcd", Written(writer), "a failed write leaves what was written");
        }

        [TestMethod]
        public static void WritesFromItsStartOffsetAndResetsThere()
        {
            var buffer = new byte[16];
            var writer = new JsonWriter(buffer, 10);
            writer.WriteInteger(42);
            Assert.AreEqual(12, writer.Position);
            Assert.AreEqual(2, writer.Length);
            Assert.AreEqual((byte)'4', buffer[10]);
            writer.Reset();
            Assert.AreEqual(10, writer.Position);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => writer.Position = 9);
        }

        // .NET keeps a lone UTF-16 surrogate in a string; the interpreter (UTF-8 inside) has made it U+FFFD.
        private static bool KeepsLoneSurrogates() => "\ud800"[0] == (char)0xD800;

        private static void AssertBytes(byte[] expected, JsonWriter writer)
        {
            Assert.AreEqual(expected.Length, writer.Length, "byte count of the UTF-8 form");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], writer.Buffer[writer.Start + i], "byte " + i.ToString());
            }
        }

        private static string Written(JsonWriter writer)
        {
            return TestText.Ascii(writer.Buffer, writer.Start, writer.Length);
        }
    }
}
