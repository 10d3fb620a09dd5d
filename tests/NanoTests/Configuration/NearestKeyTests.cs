using HeartRateStreamer.Configuration;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// The key a mistyped one was meant to be (<see cref="NearestKey"/>), which the reader's warning about an unknown key
    /// names: a slip of up to two edits, letter case aside, and nothing for a key far from every known one or as close to two.
    /// </summary>
    [TestClass]
    public class NearestKeyTests
    {
        [DataRow("wifi.pasword", "wifi.password")]
        [DataRow("wifi.passwrod", "wifi.password")]
        [DataRow("wifi.passwords", "wifi.password")]
        [DataRow("Wifi.Password", "wifi.password")]
        [DataRow("server.maxpoints", "server.maxPoints")]
        [DataRow("server.pulsTokn", "server.pulseToken")]
        [DataRow("sever.url", "server.url")]
        [DataRow("statusLed.pim", "statusLed.pin")]
        [DataRow("sensor.sdaPn", "sensor.sdaPin")]
        public static void ASlipOfUpToTwoEditsNamesTheKeyMeant(string typed, string meant)
        {
            Assert.AreEqual(meant, NearestKey.To(typed, ConfigurationKeys.All));
        }

        [DataRow("sensor.sampleRate")]
        [DataRow("wifi.pass")]
        [DataRow("colour")]
        [DataRow("")]
        [DataRow("sensor.scaPin")]
        public static void AKeyFarFromEveryKnownOneOrAsCloseToTwoNamesNone(string typed)
        {
            Assert.IsNull(NearestKey.To(typed, ConfigurationKeys.All), typed);
        }

        [DataRow("", "", 0)]
        [DataRow("abc", "abc", 0)]
        [DataRow("abc", "acb", 1)]
        [DataRow("abc", "ab", 1)]
        [DataRow("ab", "abc", 1)]
        [DataRow("abc", "abd", 1)]
        [DataRow("kitten", "sitting", 3)]
        [DataRow("ca", "abc", 3)]
        public static void EditsCountInsertionsDeletionsChangesAndSwaps(string a, string b, int edits)
        {
            Assert.AreEqual(edits, NearestKey.Edits(a, b, 100));
        }

        [TestMethod]
        public static void EditsStopOnceEnoughAreCertain()
        {
            Assert.IsTrue(NearestKey.Edits("wifi.ssid", "supervision.rebootDelaySeconds", 3) >= 3, "a length apart");
            Assert.IsTrue(NearestKey.Edits("abcdefgh", "stuvwxyz", 3) >= 3, "all different");
        }
    }
}
