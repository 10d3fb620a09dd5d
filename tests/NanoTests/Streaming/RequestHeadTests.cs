using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class RequestHeadTests
    {
        [TestMethod]
        public static void BuildsTheHeadThePlotlyStreamServerExpects()
        {
            var head = new RequestHead(new ServerAddress("10.0.0.5", 9000, false), "abc-123_X", "HeartRateStreamer/2.1");
            Assert.AreEqual(
                "POST / HTTP/1.1\r\nHost: 10.0.0.5:9000\r\nUser-Agent: HeartRateStreamer/2.1\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\nplotly-streamtoken: abc-123_X\r\n\r\n",
                TestText.Ascii(head.Bytes, 0, head.Length));
        }

        [TestMethod]
        public static void BracketsAnIpv6HostAndDropsTheDefaultPort()
        {
            var head = new RequestHead(new ServerAddress("::1", 80, false), "t", "A/1");
            Assert.Contains("\r\nHost: [::1]\r\n", TestText.Ascii(head.Bytes, 0, head.Length));
        }

        [DataRow("tok en")]
        [DataRow("tok\r\nX: y")]
        [DataRow("t\u00f6k")]
        public static void RefusesTokensThatAreNotVisibleAscii(string token)
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RequestHead(new ServerAddress("h", 80, false), token, "A/1"));
        }
    }
}
