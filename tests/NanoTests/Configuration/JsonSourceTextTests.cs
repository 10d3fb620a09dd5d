using HeartRateStreamer.Configuration;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// The scan of the file's own text that gives back what nanoFramework.Json loses: each text value exactly as
    /// written (escapes decoded per RFC 8259 §7), and the key that appears twice.
    /// </summary>
    [TestClass]
    public class JsonSourceTextTests
    {
        private const string File = "{\n  \"wifi\": { \"ssid\": \"HomeNetwork\", \"password\": \"2024-05-01T10:00:00.000Z\" },\n"
            + "  \"server\": { \"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"Date(628318530718)abc\", \"maxPoints\": 500,\n"
            + "    \"plotName\": \"Ward 3 monitor (2)\" },\n  \"statusLed\": { \"activeHigh\": true, \"pin\": -1 }\n}\n";

        // Each of these is text nanoFramework.Json turns into a DateTime (DateTime.TryParse, ASP.NET "(ticks)", iCalendar).
        [DataRow("wifi.password", "2024-05-01T10:00:00.000Z")]
        [DataRow("server.pulseToken", "Date(628318530718)abc")]
        [DataRow("server.plotName", "Ward 3 monitor (2)")]
        [DataRow("wifi.ssid", "HomeNetwork")]
        [DataRow("server.url", "http://192.168.1.20:8080")]
        public static void GivesEachTextValueAsWritten(string key, string expected)
        {
            var source = new JsonSourceText(File);
            string text;

            Assert.IsTrue(source.IsWellFormed);
            Assert.IsTrue(source.TryGetText(key, out text), key);
            Assert.AreEqual(expected, text);
        }

        // Text from the network (a server's answer) may nest as deep as its bytes allow; each level is a call, so the scan
        // stops at 16 levels, far deeper than any answer or device.json, rather than use the device's heap for frames.
        [TestMethod]
        public static void StopsAtANestingDeeperThanSixteenLevels()
        {
            string sixteen = "";
            for (int i = 0; i < 15; i++)
            {
                sixteen = "[" + sixteen + "]";
            }

            sixteen = "{\"detail\":\"found\",\"a\":" + sixteen + "}";
            var allowed = new JsonSourceText(sixteen);
            string text;
            Assert.IsTrue(allowed.IsWellFormed, "16 levels");
            Assert.IsTrue(allowed.TryGetText("detail", out text));

            var tooDeep = new JsonSourceText("[" + sixteen + "]");
            Assert.IsFalse(tooDeep.IsWellFormed, "17 levels");
        }

        [DataRow("server.maxPoints")]
        [DataRow("statusLed.activeHigh")]
        [DataRow("statusLed.pin")]
        [DataRow("server")]
        [DataRow("time.sntpServer")]
        [DataRow("ssid")]
        public static void AnswersOnlyForTextValues(string key)
        {
            string text;
            Assert.IsFalse(new JsonSourceText(File).TryGetText(key, out text), key);
        }

        [TestMethod]
        public static void DecodesEveryEscape()
        {
            var source = new JsonSourceText("{\"wifi\": {\"password\": \"a\\\"b\\\\c\\/d\\u0041\\u00e9\\t\\n\\r\\b\\f\"}}");
            string text;

            Assert.IsTrue(source.TryGetText("wifi.password", out text));
            Assert.AreEqual("a\"b\\c/dA\u00e9\t\n\r\b\f", text);
        }

        // A \u0000 escape would make a string the device ends at that character (it keeps text as NUL-terminated UTF-8),
        // while a PC keeps it whole. The scan sees the escape before any string is made, on both, and hands the reader a
        // refusal naming the key instead of the text, and the position where it is not a secret's.
        [TestMethod]
        public static void HandsTheReaderARefusalForAnEscapedNul()
        {
            var source = new JsonSourceText("{\"server\": {\"url\": \"http://192.168.1.20:8080\", \"plotName\": \"Caf\\u00e9 \\u0000desk\", \"pulseToken\": \"pulse\\u0000token-1\"},"
                + " \"wifi\": {\"ssid\": \"Home\", \"password\": \"s3\\u00e9r3t\\u0000word\"}}");
            var reader = new ConfigurationReader();
            Assert.IsTrue(source.TryApplyText("server.url", reader));
            Assert.IsTrue(source.TryApplyText("server.pulseToken", reader));
            Assert.IsTrue(source.TryApplyText("wifi.ssid", reader));
            Assert.IsTrue(source.TryApplyText("wifi.password", reader));
            Assert.IsTrue(source.TryApplyText("server.plotName", reader));
            Assert.IsFalse(source.TryApplyText("wifi.timeout", reader), "no text value, nothing applied");
            reader.Finish();

            Assert.IsTrue(reader.HasFatalProblem, "the device cannot stream without its pulse token");
            Assert.AreEqual(3, reader.ProblemCount);
            Assert.AreEqual("server.pulseToken", reader.GetProblem(0).Key);
            Assert.Contains("NUL (\\u0000); ", reader.GetProblem(0).Message, "a secret's: not where");
            Assert.AreEqual("wifi.password", reader.GetProblem(1).Key);
            Assert.Contains("NUL (\\u0000); ", reader.GetProblem(1).Message, "a secret's: not where");
            Assert.DoesNotContains("r3t", reader.GetProblem(1).Message);
            Assert.AreEqual("server.plotName", reader.GetProblem(2).Key);
            Assert.Contains("NUL (\\u0000) as character 6", reader.GetProblem(2).Message, "counted in characters after the \\u00e9 escape, as a PC counts");
            Assert.AreEqual("", reader.Settings.WifiSsid, "a refused password leaves the credentials stored on the device in use");
        }

        // The interpreter reads a character outside the BMP through s[i] as its high surrogate twice: a value with an
        // escape in it is decoded run by run, so 😀 beside an escape comes back whole, as it does beside none.
        [TestMethod]
        public static void KeepsCharactersOutsideTheBmpBesideEscapes()
        {
            var source = new JsonSourceText("{\"wifi\": {\"password\": \"\\\"\ud83d\ude00\\\"x\\ud83d\\ude00\ud834\udd1e\", \"ssid\": \"\ud83d\ude00 home\"}}");
            string text;

            Assert.IsTrue(source.TryGetText("wifi.password", out text));
            Assert.AreEqual("\"\ud83d\ude00\"x\ud83d\ude00\ud834\udd1e", text);
            Assert.IsTrue(source.TryGetText("wifi.ssid", out text));
            Assert.AreEqual("\ud83d\ude00 home", text);
        }

        // nanoFramework.Json would hand this over as "\"\"quoted\"\"": it wraps text starting with an escaped quote.
        [TestMethod]
        public static void KeepsALeadingEscapedQuote()
        {
            string text;
            Assert.IsTrue(new JsonSourceText("{\"server\": {\"plotName\": \"\\\"quoted\\\"\"}}").TryGetText("server.plotName", out text));
            Assert.AreEqual("\"quoted\"", text);
        }

        [TestMethod]
        public static void ReadsWhatTheDeviceParserAlsoAccepts()
        {
            var source = new JsonSourceText("{'wifi': {'ssid': 'Home \"2\"',}, \"server\": {\"url\": \"http://h\", },}");
            string text;

            Assert.IsTrue(source.IsWellFormed, "single quotes and a comma before the brace, as nanoFramework.Json reads them");
            Assert.IsTrue(source.TryGetText("wifi.ssid", out text));
            Assert.AreEqual("Home \"2\"", text);
            Assert.IsTrue(source.TryGetText("server.url", out text));
            Assert.AreEqual("http://h", text);
        }

        [TestMethod]
        public static void ArrayItemsDoNotAnswerForTheirKey()
        {
            var source = new JsonSourceText("{\"server\": {\"url\": [\"http://a\", {\"x\": \"y\"}], \"pulseToken\": \"p\"}}");
            string text;

            Assert.IsTrue(source.IsWellFormed);
            Assert.IsFalse(source.TryGetText("server.url", out text));
            Assert.IsTrue(source.TryGetText("server.pulseToken", out text));
            Assert.AreEqual("p", text);
        }

        [DataRow("{\"server\": {\"url\": \"http://a\", \"pulseToken\": \"p\", \"url\": \"http://b\"}}", "server.url")]
        [DataRow("{\"wifi\": {\"ssid\": \"a\"}, \"server\": {\"url\": \"u\"}, \"wifi\": {\"ssid\": \"b\"}}", "wifi")]
        [DataRow("{\"sensor\": {\"type\": \"analog\", \"adcChannel\": 4, \"adcChannel\": 5}}", "sensor.adcChannel")]
        public static void NamesTheFirstKeyThatAppearsTwice(string json, string expected)
        {
            Assert.AreEqual(expected, new JsonSourceText(json).RepeatedKey);
        }

        [TestMethod]
        public static void TheSameNameInTwoObjectsIsNoRepeat()
        {
            Assert.AreEqual("", new JsonSourceText("{\"wifi\": {\"timeout\": 1}, \"time\": {\"timeout\": 2}}").RepeatedKey);
            Assert.AreEqual("", new JsonSourceText(File).RepeatedKey);
        }

        [DataRow("")]
        [DataRow("{")]
        [DataRow("{\"wifi\": {\"ssid\": \"a\"}")]
        [DataRow("{\"wifi\" {\"ssid\": \"a\"}}")]
        [DataRow("{\"wifi\": {\"ssid\": \"a}}")]
        [DataRow("{\"wifi\": {\"ssid\": \"a\" \"password\": \"b\"}}")]
        [DataRow("{\"wifi\": {\"ssid\": \"a\\x\"}}")]
        [DataRow("{\"wifi\": {\"ssid\": \"a\\u00\"}}")]
        [DataRow("{} {}")]
        public static void SaysWhenTheTextIsNotJson(string json)
        {
            Assert.IsFalse(new JsonSourceText(json).IsWellFormed, json);
        }
    }
}
