using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// The one table of socket error meanings both the board and the virtual device log: keyed on the Windows Sockets
    /// numbers nanoFramework's SocketException and .NET's SocketError both carry.
    /// </summary>
    [TestClass]
    public class SocketErrorMeaningTests
    {
        [DataRow(10022, "an argument is invalid")]
        [DataRow(10051, "network unreachable (Wi-Fi not connected, or no gateway)")]
        [DataRow(10053, "the connection was closed")]
        [DataRow(10054, "connection reset by the server")]
        [DataRow(10058, "the connection was closed")]
        [DataRow(10060, "timed out")]
        [DataRow(10061, "connection refused (no server listening on that port, or a firewall refusing it)")]
        [DataRow(10065, "host unreachable")]
        [DataRow(11001, "host name not found; check server.url and the network's DNS")]
        public static void EachNumberAConnectionFailsWithHasItsMeaning(int socketError, string meaning)
        {
            Assert.AreEqual(meaning, SocketErrorMeaning.Of(socketError));
        }

        // The logs join a meaning into sentences of their own ("...: meaning; reconnecting in 755 ms", "...: meaning. The
        // streams go on..."): one that ended in "?" read "port?;" and "port?." there. Every Windows Sockets number
        // (10000-11999) is asked, so an entry added to the table is checked without being listed here.
        [TestMethod]
        public static void NoMeaningEndsInPunctuationOfItsOwn()
        {
            int meanings = 0;
            for (int number = 10000; number <= 11999; number++)
            {
                string? meaning = SocketErrorMeaning.Of(number);
                if (meaning == null)
                {
                    continue;
                }

                meanings++;
                Assert.IsTrue(meaning.Length > 0, "the meaning of " + number.ToString() + " is empty");
                char last = meaning[meaning.Length - 1];
                Assert.IsFalse(last == '.' || last == '?' || last == '!' || last == ';', "the meaning of " + number.ToString() + " ends in '" + last.ToString() + "': " + meaning);
            }

            Assert.IsTrue(meanings > 0, "no number in 10000-11999 has a meaning: the walk checked nothing");
        }

        [TestMethod]
        public static void ANumberNotInTheTableHasNoMeaningSoTheCallerSaysWhatItKnows()
        {
            Assert.IsNull(SocketErrorMeaning.Of(10035)); // WSAEWOULDBLOCK: not one of them
            Assert.IsNull(SocketErrorMeaning.Of(0));
        }
    }
}
