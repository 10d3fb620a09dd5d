using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>UTF-8 into text without System.Text: one, two and three bytes a character; the rest replaced, never misread.</summary>
    [TestClass]
    public class Utf8TextTests
    {
        [TestMethod]
        public static void DecodesOneTwoAndThreeByteCharacters()
        {
            // "aé☕": 61, C3 A9, E2 98 95.
            byte[] bytes = { 0x61, 0xC3, 0xA9, 0xE2, 0x98, 0x95 };

            Assert.AreEqual("a\u00E9\u2615", Utf8Text.Decode(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public static void DecodesOnlyTheBytesAskedFor()
        {
            byte[] bytes = { 0x78, 0x61, 0x62, 0x79 };

            Assert.AreEqual("ab", Utf8Text.Decode(bytes, 1, 2));
        }

        [DataRow("C3", "\uFFFD")] // cut short at the end
        [DataRow("C3 61", "\uFFFDa")] // a lead byte without its continuation
        [DataRow("80 61", "\uFFFDa")] // a continuation byte alone
        [DataRow("C0 AF", "\uFFFD")] // an overlong '/' (RFC 3629 §10)
        [DataRow("ED A0 80", "\uFFFD")] // a UTF-16 surrogate written as UTF-8
        [DataRow("F0 9F 92 93 61", "\uFFFDa")] // outside the BMP: the interpreter cannot hold it whole
        [DataRow("FF 61", "\uFFFDa")] // never a UTF-8 byte
        public static void ReplacesWhatItCannotDecodeAndGoesOn(string hexBytes, string expected)
        {
            byte[] bytes = FromHex(hexBytes);

            Assert.AreEqual(expected, Utf8Text.Decode(bytes, 0, bytes.Length));
        }

        // "C3 A9" to { 0xC3, 0xA9 }.
        private static byte[] FromHex(string hexBytes)
        {
            string[] pairs = hexBytes.Split(' ');
            var bytes = new byte[pairs.Length];
            for (int i = 0; i < pairs.Length; i++)
            {
                bytes[i] = (byte)((HexDigit(pairs[i][0]) << 4) | HexDigit(pairs[i][1]));
            }

            return bytes;
        }

        private static int HexDigit(char c)
        {
            return c <= '9' ? c - '0' : c - 'A' + 10;
        }
    }
}
