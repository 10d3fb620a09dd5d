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
        [DataRow(10051, "network unreachable; is Wi-Fi connected, with a gateway?")]
        [DataRow(10053, "the connection was closed")]
        [DataRow(10054, "connection reset by the server")]
        [DataRow(10058, "the connection was closed")]
        [DataRow(10060, "timed out")]
        [DataRow(10061, "connection refused; is the server running on that port?")]
        [DataRow(10065, "host unreachable")]
        [DataRow(11001, "host name not found; check server.url and the network's DNS")]
        public static void EachNumberAConnectionFailsWithHasItsMeaning(int socketError, string meaning)
        {
            Assert.AreEqual(meaning, SocketErrorMeaning.Of(socketError));
        }

        [TestMethod]
        public static void ANumberNotInTheTableHasNoMeaningSoTheCallerSaysWhatItKnows()
        {
            Assert.IsNull(SocketErrorMeaning.Of(10035)); // WSAEWOULDBLOCK: not one of them
            Assert.IsNull(SocketErrorMeaning.Of(0));
        }
    }
}
