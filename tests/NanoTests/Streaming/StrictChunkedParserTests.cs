using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>The parser the byte-exact tests lean on must itself reject what RFC 9112 rejects.</summary>
    [TestClass]
    public class StrictChunkedParserTests
    {
        private const string Head = "POST / HTTP/1.1\r\nHost: h\r\nplotly-streamtoken: t\r\n\r\n";

        [TestMethod]
        public static void ReadsAWellFormedRequest()
        {
            var parser = Parse(Head + "e\r\n{\"x\":1,\"y\":2}\n\r\n1\r\n\n\r\n0\r\n\r\n", true);
            Assert.AreEqual("POST", parser.Method);
            Assert.AreEqual("/", parser.Target);
            Assert.AreEqual("t", parser.GetField("PLOTLY-STREAMTOKEN"));
            Assert.AreEqual(2, parser.Chunks.Count);
            Assert.AreEqual("{\"x\":1,\"y\":2}\n", parser.ChunkText(0));
            Assert.AreEqual("\n", parser.ChunkText(1));
            Assert.IsTrue(parser.Ended);
        }

        [TestMethod]
        public static void AcceptsAnOpenStreamOnlyWhenAllowed()
        {
            string open = Head + "1\r\n\n\r\n";
            Assert.IsFalse(Parse(open, false).Ended);
            Assert.ThrowsException(typeof(MalformedMessageException), () => Parse(open, true));
        }

        [DataRow("e\r\n{\"x\":1,\"y\":2}\r\n0\r\n\r\n")]          // size says 14, data is 13 bytes then CRLF
        [DataRow("d\r\n{\"x\":1,\"y\":2}\n\r\n0\r\n\r\n")]        // size too small
        [DataRow("e\n{\"x\":1,\"y\":2}\n\r\n0\r\n\r\n")]          // bare LF after the size
        [DataRow("e;ext=1\r\n{\"x\":1,\"y\":2}\n\r\n0\r\n\r\n")]  // a chunk extension
        [DataRow("\r\n0\r\n\r\n")]                                // Python's extra CRLF before the last chunk
        [DataRow("0\r\n")]                                        // last chunk without the empty trailer section
        [DataRow("0\r\n\r\nx")]                                   // bytes after the end
        [DataRow(" 1\r\n\n\r\n0\r\n\r\n")]                        // whitespace before the size
        public static void RejectsBrokenChunkedBodies(string body)
        {
            Assert.ThrowsException(typeof(MalformedMessageException), () => Parse(Head + body, true));
        }

        [DataRow("POST /  HTTP/1.1\r\nHost: h\r\n\r\n0\r\n\r\n")]
        [DataRow("POST / HTTP/1.0\r\nHost: h\r\n\r\n0\r\n\r\n")]
        [DataRow("POST / HTTP/1.1\nHost: h\r\n\r\n0\r\n\r\n")]
        [DataRow("POST / HTTP/1.1\r\nHost : h\r\n\r\n0\r\n\r\n")]
        [DataRow("POST / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n0\r\n\r\n")]
        public static void RejectsBrokenHeads(string request)
        {
            Assert.ThrowsException(typeof(MalformedMessageException), () => Parse(request, true));
        }

        [TestMethod]
        public static void RefusesARepeatedField()
        {
            var parser = Parse("POST / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n0\r\n\r\n", true);
            Assert.ThrowsException(typeof(MalformedMessageException), () => parser.GetField("Host"));
        }

        private static StrictChunkedParser Parse(string text, bool requireEnd)
        {
            byte[] bytes = TestText.Bytes(text);
            return new StrictChunkedParser(bytes, bytes.Length, requireEnd);
        }
    }
}
