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

        // Too many edits away for a slip, but the name of exactly one key, put at the top level or in another section.
        [DataRow("ssid", "wifi.ssid")]
        [DataRow("Password", "wifi.password")]
        [DataRow("sensor.url", "server.url")]
        [DataRow("wifi.sntpServer", "time.sntpServer")]
        public static void AKnownKeysNameInTheWrongSectionNamesThatKey(string typed, string meant)
        {
            Assert.AreEqual(meant, NearestKey.To(typed, ConfigurationKeys.All));
        }

        [DataRow("sensor.sampleRate")]
        [DataRow("wifi.pass")]
        [DataRow("colour")]
        [DataRow("")]
        [DataRow("sensor.scaPin")]
        [DataRow("sensor.")]
        public static void AKeyFarFromEveryKnownOneOrAsCloseToTwoNamesNone(string typed)
        {
            Assert.IsNull(NearestKey.To(typed, ConfigurationKeys.All), typed);
        }

        // The PC tools' options, for the option a misspelt one was meant to be.
        private static readonly string[] s_options = { "--sensor", "--server", "--sample-rate", "--port", "--urls" };

        // System.CommandLine takes "--name=value" and "--name:value" alike, split at the first '=' or ':'.
        [DataRow("--prot", "--prot")]
        [DataRow("--prot=/dev/ttyUSB0", "--prot")]
        [DataRow("--prot:COM3", "--prot")]
        [DataRow("--ursl=http://127.0.0.1:8080", "--ursl")]
        [DataRow("--ursl:http://127.0.0.1:8080", "--ursl")]
        [DataRow("--prot=", "--prot")]
        [DataRow("--", "--")]
        public static void AnOptionsNameEndsAtTheFirstEqualsSignOrColon(string token, string name)
        {
            Assert.AreEqual(name, NearestKey.OptionName(token));
        }

        [DataRow("--sensr", "--sensor")]
        [DataRow("--sensr=analog", "--sensor")]
        [DataRow("--sensr:analog", "--sensor")]
        [DataRow("--Sensr=max30102", "--sensor")]
        [DataRow("--sample-rat=25", "--sample-rate")]
        [DataRow("--ursl=http://127.0.0.1:8080", "--urls")]
        public static void AMisspeltOptionWithOrWithoutAValueNamesTheOptionMeant(string token, string meant)
        {
            Assert.AreEqual(meant, NearestKey.ForOption(token, s_options));
        }

        [DataRow("--sensr=analog", "Did you mean --sensor for --sensr?")]
        [DataRow("--sensr:analog", "Did you mean --sensor for --sensr?")]
        [DataRow("--sensr", "Did you mean --sensor for --sensr?")]
        public static void TheQuestionNamesTheOptionTypedWithoutItsValue(string token, string question)
        {
            Assert.AreEqual(question, NearestKey.OptionQuestion(token, s_options));
        }

        [DataRow("--verbose=1")]
        [DataRow("--serxor:x")] // two edits from --sensor and from --server
        public static void AnOptionNearNoneOrAsNearTwoGetsNoGuess(string token)
        {
            Assert.IsNull(NearestKey.ForOption(token, s_options), token);
            Assert.IsNull(NearestKey.OptionQuestion(token, s_options), token);
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
