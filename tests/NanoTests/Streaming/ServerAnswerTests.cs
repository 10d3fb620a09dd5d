using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class ServerAnswerTests
    {
        [DataRow("HTTP/1.1 200 OK\r\n\r\n", 200, "200 OK (healthy endpoint disconnect)")]
        [DataRow("HTTP/1.1 404 Not Found\r\n\r\n", 404, "404 Not Found (streamtoken not registered or valid)")]
        [DataRow("HTTP/1.1 406 Not Acceptable\r\n\r\n", 406, "406 Not Acceptable (bad request header: missing 'plotly-streamtoken')")]
        [DataRow("HTTP/1.1 408 Request Timeout\r\n\r\n", 408, "408 Request Timeout (timeout on active data)")]
        [DataRow("HTTP/1.1 422 Unprocessable Entity\r\n\r\n", 422, "422 Unprocessable Entity (json parse error: please stream newline seperated JSON)")]
        [DataRow("HTTP/1.1 423 Locked\r\n\r\n", 423, "423 Locked (connection limit associated with this token has been reached)")]
        [DataRow("HTTP/1.0 599\r\n\r\n", 599, "599")]
        [DataRow("HTTP/1.1 408 Request Timeout\r\nContent-Length: 5\r\n\r\nstale", 408, "408 Request Timeout (timeout on active data): stale")]
        public static void ReadsTheStatusAndSaysWhatItMeans(string answer, int status, string description)
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes(answer);
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsTrue(parsed.IsComplete);
            Assert.IsFalse(parsed.IsMalformed);
            Assert.AreEqual(status, parsed.StatusCode);
            Assert.AreEqual(description, parsed.Describe());
        }

        // The stream server's answer: Plotly's message and the counts come first, then what was wrong and what to do.
        [DataRow("HTTP/1.1 423 Locked\r\nContent-Type: application/json\r\nContent-Length: 229\r\nConnection: close\r\n\r\n"
            + "{\"status\":423,\"message\":\"connection limit associated with this token has been reached\",\"received\":1204,\"dropped\":0,"
            + "\"heartbeats\":12,\"detail\":\"a newer connection streams with this token; if two devices share it, give each its own\"}",
            "423 Locked (connection limit associated with this token has been reached): a newer connection streams with this token; if two devices share it, give each its own")]
        [DataRow("HTTP/1.1 422 Unprocessable Entity\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "50\r\n{\"status\":422,\"received\":0,\"detail\":\"a line must be one \\\"object\\\"\\nsuch as {}\"}\r\n0\r\n\r\n",
            "422 Unprocessable Entity (json parse error: please stream newline seperated JSON): a line must be one \"object\" such as {}")]
        public static void ShowsWhatTheServerSaysWasWrongRatherThanTheWholeBody(string answer, string description)
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes(answer);
            parsed.Append(bytes, 0, bytes.Length);

            Assert.AreEqual(description, parsed.Describe());
        }

        [TestMethod]
        public static void WaitsForTheWholeStatusLineWhenItArrivesInPieces()
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes("HTTP/1.1 423 Locked\r\n\r\n");
            for (int i = 0; i < bytes.Length; i++)
            {
                parsed.Append(bytes, i, 1);
                if (i < 19)
                {
                    Assert.IsFalse(parsed.IsComplete, "complete after only " + (i + 1).ToString() + " bytes");
                }
            }

            Assert.AreEqual(423, parsed.StatusCode);
        }

        [DataRow("SSH-2.0-OpenSSH\r\n")]
        [DataRow("HTTP/1.1 20 OK\r\n")]
        [DataRow("HTTP/1.1 2000 OK\r\n")]
        [DataRow("HTTP/x.1 200 OK\r\n")]
        [DataRow("HTTP/1.1 099 Odd\r\n")]
        public static void RecognisesWhatIsNotAStatusLine(string answer)
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes(answer);
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsTrue(parsed.IsMalformed);
            Assert.AreEqual(0, parsed.StatusCode);
            Assert.StartsWith("an answer that is not an HTTP status line", parsed.Describe());
        }

        [TestMethod]
        public static void DescribesSilence()
        {
            var parsed = new ServerAnswer(64);
            Assert.AreEqual("no answer (the connection closed without a status line)", parsed.Describe());
        }

        [TestMethod]
        public static void KeepsOnlyWhatFitsAndStartsOverOnReset()
        {
            var parsed = new ServerAnswer(32);
            byte[] bytes = TestText.Bytes("HTTP/1.1 500 Internal Server Error\r\nServer: x\r\n\r\n");
            parsed.Append(bytes, 0, bytes.Length);
            Assert.AreEqual(32, parsed.ByteCount);
            Assert.IsTrue(parsed.IsMalformed, "a status line longer than the buffer cannot be read");

            parsed.Reset();
            Assert.AreEqual(0, parsed.ByteCount);
            Assert.IsFalse(parsed.IsComplete);
        }

        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"error\":1}")]
        [DataRow("HTTP/1.1 200 OK\r\ncontent-length:11\r\n\r\n{\"error\":1}")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"er\r\n7;x=y\r\nror\":1}\r\n0\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: Chunked\r\n\r\n0b\r\n{\"error\":1}\r\n0\r\n\r\n")]
        public static void ReadsAWholeBodyByItsLengthOrItsChunksWhicheverWayItArrives(string answer)
        {
            byte[] bytes = TestText.Bytes(answer);
            for (int piece = 1; piece <= bytes.Length; piece *= 3)
            {
                var parsed = new ServerAnswer(512);
                for (int at = 0; at < bytes.Length; at += piece)
                {
                    Assert.IsFalse(parsed.IsWhole, "whole after " + at.ToString() + " of " + bytes.Length.ToString() + " bytes, in pieces of " + piece.ToString());
                    parsed.Append(bytes, at, at + piece <= bytes.Length ? piece : bytes.Length - at);
                }

                Assert.IsTrue(parsed.IsWhole, "not whole in pieces of " + piece.ToString());
                Assert.AreEqual("{\"error\":1}", parsed.BodyText());
            }
        }

        [TestMethod]
        public static void AnAnswerToAnotherRequestIsDescribedWithoutWhatItsStatusMeansToAStream()
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
            parsed.Append(bytes, 0, bytes.Length);

            Assert.AreEqual("200 OK: {}", parsed.DescribeHttp());
            Assert.AreEqual("200 OK (healthy endpoint disconnect): {}", parsed.Describe());
        }

        [TestMethod]
        public static void AChunkedAnswerIsDescribedWithoutItsChunkSizes()
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes("HTTP/1.1 408 Request Timeout\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"a\":1\r\n1\r\n}\r\n0\r\n\r\n");
            parsed.Append(bytes, 0, bytes.Length);

            Assert.AreEqual("408 Request Timeout (timeout on active data): {\"a\":1}", parsed.Describe());
        }

        [TestMethod]
        public static void ABodyWithoutALengthEndsWithTheConnection()
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"error\":\"\"}");
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsFalse(parsed.IsWhole);
            Assert.IsTrue(parsed.IsWholeWhenClosed);
            Assert.AreEqual("{\"error\":\"\"}", parsed.BodyText());
        }

        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n{\"error\":1}")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n{\"error\":1}\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n")]
        public static void AnAnswerCutShortIsNotWholeWhenTheServerCloses(string answer)
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes(answer);
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsFalse(parsed.IsWhole);
            Assert.IsFalse(parsed.IsWholeWhenClosed);
        }

        [TestMethod]
        public static void AChunkSizeThatIsNotHexNeverMakesTheAnswerWhole()
        {
            var parsed = new ServerAnswer(512);
            byte[] bytes = TestText.Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsFalse(parsed.IsWhole);
            Assert.IsFalse(parsed.IsWholeWhenClosed);
        }

        [TestMethod]
        public static void TheBodyIsReadAsUtf8()
        {
            // "Café ☕" in UTF-8: C3 A9 for é, E2 98 95 for the cup.
            byte[] head = TestText.Bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
            var bytes = new byte[head.Length + 9];
            Array.Copy(head, bytes, head.Length);
            Array.Copy(new byte[] { 0x43, 0x61, 0x66, 0xC3, 0xA9, 0x20, 0xE2, 0x98, 0x95 }, 0, bytes, head.Length, 9);
            var parsed = new ServerAnswer(512);
            parsed.Append(bytes, 0, bytes.Length);

            Assert.IsTrue(parsed.IsWhole);
            Assert.AreEqual("Caf\u00E9 \u2615", parsed.BodyText());
        }
    }
}
