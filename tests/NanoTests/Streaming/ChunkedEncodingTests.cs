using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class ChunkedEncodingTests
    {
        [DataRow(1, "1\r\n")]
        [DataRow(15, "f\r\n")]
        [DataRow(16, "10\r\n")]
        [DataRow(20, "14\r\n")]
        [DataRow(4096, "1000\r\n")]
        [DataRow(0, "0\r\n")]
        public static void WritesTheSizeLineInHexOfTheByteCount(int size, string expected)
        {
            var buffer = new byte[16];
            int written = ChunkedEncoding.WriteSizeLine(buffer, 0, size);
            Assert.AreEqual(expected, TestText.Ascii(buffer, 0, written));
        }

        [TestMethod]
        public static void FramesAPayloadInPlaceInFrontOfIt()
        {
            var buffer = new byte[64];
            var writer = new JsonWriter(buffer, ChunkedEncoding.HeaderReserveBytes);
            writer.WriteAscii("{\"x\":1,\"y\":2}\n");
            int start = ChunkedEncoding.WriteSizeLineBefore(buffer, writer.Start, writer.Length);
            int end = ChunkedEncoding.WriteTrailer(buffer, writer.Position);

            Assert.AreEqual("e\r\n{\"x\":1,\"y\":2}\n\r\n", TestText.Ascii(buffer, start, end - start),
                "the npm client's bytes for the same object (protocol reference §1)");
        }

        [TestMethod]
        public static void CountsBytesNotCharacters()
        {
            var buffer = new byte[64];
            var writer = new JsonWriter(buffer, ChunkedEncoding.HeaderReserveBytes);
            writer.WriteString("\u00e9\u00e9");
            writer.WriteByte((byte)'\n');
            int start = ChunkedEncoding.WriteSizeLineBefore(buffer, writer.Start, writer.Length);
            int end = ChunkedEncoding.WriteTrailer(buffer, writer.Position);

            var parser = new StrictChunkedParser(Request(buffer, start, end - start, true), RequestLength(end - start, true), true);
            Assert.AreEqual(1, parser.Chunks.Count);
            Assert.AreEqual(7, ((byte[])parser.Chunks[0]!).Length, "two 2-byte characters, two quotes, a newline: 7 bytes for 5 characters");
        }

        [TestMethod]
        public static void WritesTheHeartbeatAndTheLastChunk()
        {
            var buffer = new byte[16];
            int heartbeat = ChunkedEncoding.WriteHeartbeat(buffer, 0);
            Assert.AreEqual("1\r\n\n\r\n", TestText.Ascii(buffer, 0, heartbeat));
            int end = ChunkedEncoding.WriteLastChunk(buffer, 0);
            Assert.AreEqual("0\r\n\r\n", TestText.Ascii(buffer, 0, end));
        }

        [TestMethod]
        public static void RefusesAnEmptyChunkAndMissingRoom()
        {
            var buffer = new byte[16];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ChunkedEncoding.WriteSizeLineBefore(buffer, 10, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ChunkedEncoding.WriteSizeLineBefore(buffer, 2, 5));
        }

        private const string Head = "POST / HTTP/1.1\r\nHost: h\r\n\r\n";

        // Wraps framed bytes in a minimal request head so the strict parser can read them.
        private static byte[] Request(byte[] chunk, int offset, int count, bool withEnd)
        {
            var request = new byte[RequestLength(count, withEnd)];
            for (int i = 0; i < Head.Length; i++)
            {
                request[i] = (byte)Head[i];
            }

            Array.Copy(chunk, offset, request, Head.Length, count);
            if (withEnd)
            {
                ChunkedEncoding.WriteLastChunk(request, Head.Length + count);
            }

            return request;
        }

        private static int RequestLength(int count, bool withEnd)
        {
            return Head.Length + count + (withEnd ? ChunkedEncoding.LastChunkLength : 0);
        }
    }
}
