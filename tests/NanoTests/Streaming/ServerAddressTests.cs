using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class ServerAddressTests
    {
        [DataRow("http://127.0.0.1:8080", "127.0.0.1", 8080, false)]
        [DataRow("http://stream.example.org/", "stream.example.org", 80, false)]
        [DataRow("https://stream.example.org", "stream.example.org", 443, true)]
        [DataRow("HTTPS://h:9443", "h", 9443, true)]
        [DataRow("localhost:9000", "localhost", 9000, false)]
        [DataRow("  http://h:1  ", "h", 1, false)]
        public static void ParsesSchemeHostAndPort(string text, string host, int port, bool useTls)
        {
            ServerAddress address = ServerAddress.Parse(text);
            Assert.AreEqual(host, address.Host);
            Assert.AreEqual(port, address.Port);
            Assert.AreEqual(useTls, address.UseTls);
        }

        [DataRow("", "empty")]
        [DataRow("ftp://h", "scheme 'ftp'")]
        [DataRow("http://h:0", "port '0'")]
        [DataRow("http://h:70000", "port '70000'")]
        [DataRow("http://h:80x", "port '80x'")]
        [DataRow("http://h/stream", "has a path")]
        [DataRow("http://[::1", "IPv6")]
        [DataRow("http://:8080", "host is empty")]
        [DataRow("http://us er@h", "before '@'")]
        [DataRow("http://h er", "character a host name cannot have")]
        [DataRow("\uFEFFhttp://h:8080", "U+FEFF as character 1 of 14")]
        [DataRow("http://h:8080\u200B", "U+200B as character 14 of 14")]
        [DataRow("http://h\u2028", "U+2028 as character 9 of 9")]
        [DataRow("http://b\u00FCcher.example", "U+00FC as character 9 of 21")]
        public static void SaysWhatIsWrongWithABadAddress(string text, string reason)
        {
            try
            {
                ServerAddress.Parse(text);
            }
            catch (ArgumentException e)
            {
                Assert.Contains(reason, e.Message);
                return;
            }

            Assert.IsTrue(false, "'" + text + "' was accepted");
        }

        // Credentials are neither used nor repeated. The scheme and path checks quote the whole address: reached before
        // the '@' one, they printed the password. The last one's '/' in the password made the rest look like a path.
        [DataRow("http://admin:s3cret@192.168.1.20:8080")]
        [DataRow("ftp://admin:s3cret@192.168.1.20:8080")]
        [DataRow("http://admin:s3cret@192.168.1.20:8080/stream")]
        [DataRow("admin:s3cret@192.168.1.20:8080/stream")]
        [DataRow("https://admin:s3cr/et@192.168.1.20")]
        [DataRow("http://admin:s3cr\u00E9t@192.168.1.20")]
        public static void CredentialsAreRefusedBeforeAnyCheckThatQuotesTheAddress(string text)
        {
            try
            {
                ServerAddress.Parse(text);
            }
            catch (ArgumentException e)
            {
                Assert.Contains("user name or password before '@'", e.Message);
                Assert.IsTrue(e.Message.IndexOf("s3cr") < 0, "the password was repeated: " + e.Message);
                Assert.IsTrue(e.Message.IndexOf("U+") < 0, "a character of the password was named: " + e.Message);
                return;
            }

            Assert.IsTrue(false, "'" + text + "' was accepted");
        }

        [DataRow("http://[::1]:8080")]
        [DataRow("https://[2001:db8::20]")]
        [DataRow("[fe80::1]:9000")]
        [DataRow("http://fe80::1")]
        [DataRow("http://::1:8080/")]
        public static void RefusesAnIPv6AddressTheDeviceCannotReach(string text)
        {
            try
            {
                ServerAddress.Parse(text);
            }
            catch (ArgumentException e)
            {
                Assert.Contains("names an IPv6 address", e.Message);
                Assert.Contains("Use an IPv4 address such as http://192.168.1.20:8080 or a DNS name", e.Message);
                return;
            }

            Assert.IsTrue(false, "'" + text + "' was accepted although the device's HTTP client takes only IPv4 or DNS host names");
        }

        [DataRow("http://localhost:5000", "localhost", 5000)]
        [DataRow("http://127.0.0.1:41234/", "127.0.0.1", 41234)]
        [DataRow("stream-1.example.org:8080", "stream-1.example.org", 8080)]
        public static void KeepsIPv4AndNamesAsTheHostToolsUseThem(string text, string host, int port)
        {
            ServerAddress address = ServerAddress.Parse(text);
            Assert.AreEqual(host, address.Host);
            Assert.AreEqual(port, address.Port);
        }

        [TestMethod]
        public static void PrintsAsAUrl()
        {
            Assert.AreEqual("http://h:80", new ServerAddress("h", 80, false).ToString());
            Assert.AreEqual("https://[::1]:9443", new ServerAddress("::1", 9443, true).ToString());
        }
    }
}
