using System;
using HeartRateStreamer.Configuration;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// Values typed the way nanoFramework.Json 2.2 hands them over (JsonConvert.ParseValue): a number without '.' or
    /// an exponent becomes int, long or ulong by its digit count, one with them a double; text of 18 or more characters
    /// that reads as a date becomes a DateTime. Whole numbers of every type count alike and are range-checked with the
    /// same messages; a date where text belongs is refused by name, never turned into made-up text.
    /// </summary>
    [TestClass]
    public class JsonValueTypesTests
    {
        [TestMethod]
        public static void AWholeNumberIsAcceptedWhateverTypeTheParserChose()
        {
            object[] values = { 1200, 1200L, 1200UL, 1200.0, 1.2e3 };
            for (int i = 0; i < values.Length; i++)
            {
                ConfigurationReader reader = ReadRequiredKeys();
                reader.Apply("server.maxPoints", values[i]);

                Assert.AreEqual(0, reader.ProblemCount, values[i].GetType().Name + ": " + FirstProblem(reader));
                Assert.AreEqual(1200, reader.Settings.MaxPoints, values[i].GetType().Name);
            }
        }

        [TestMethod]
        public static void PinsChannelsAndRatesTakeEveryIntegerType()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.type", "analog");
            reader.Apply("sensor.sampleRateHertz", 50L);
            reader.Apply("sensor.adcChannel", 4UL);
            reader.Apply("sensor.sdaPin", 25.0);
            reader.Apply("sensor.sclPin", 26L);
            reader.Apply("statusLed.pin", -1L);
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(50, reader.Settings.SampleRateHertz);
            Assert.AreEqual(4, reader.Settings.AdcChannel);
            Assert.AreEqual(25, reader.Settings.DataPin);
            Assert.AreEqual(26, reader.Settings.ClockPin);
            Assert.AreEqual(-1, reader.Settings.StatusLedPin);
        }

        // nanoFramework.Json gives 9-11 digit numbers that overflow int, and every 12-19 digit one, as long.
        [DataRow("server.maxPoints", 5000000000L, "1 to 10000", 500)]
        [DataRow("server.maxPoints", -2147483649L, "1 to 10000", 500)]
        [DataRow("supervision.reportSeconds", 4294967297L, "10 to 86400", 60)]
        public static void ALongBeyondIntIsOutOfRangeLikeAnyOtherNumber(string key, long value, string range, int expectedDefault)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply(key, value);

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("WARNING " + key + ": " + value.ToString() + " is out of range; allowed: " + range + ". Using the default "
                + expectedDefault.ToString() + ".", reader.GetProblem(0).ToString());
        }

        // 20 digits above long.MaxValue arrive as ulong.
        [DataRow(18446744073709551615UL)]
        [DataRow(9223372036854775808UL)]
        public static void AUlongIsOutOfRangeWithItsOwnDigits(ulong value)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.heartbeatSeconds", value);

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.Contains(value.ToString() + " is out of range; allowed: 1 to 59. Using the default 30.", reader.GetProblem(0).Message);
            Assert.AreEqual(30, reader.Settings.HeartbeatSeconds);
        }

        [DataRow(1e20)]
        [DataRow(-1e20)]
        [DataRow(3e9)]
        public static void AHugeDoubleIsOutOfRangeNotAFraction(double value)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.maxPoints", value);

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.Contains(" is out of range; allowed: 1 to 10000. Using the default 500.", reader.GetProblem(0).Message);
        }

        [TestMethod]
        public static void AnOutOfRangePinOrChannelShowsTheNumberWritten()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.sdaPin", 4294967317L);
            reader.Apply("sensor.adcChannel", 5000000000L);
            reader.Apply("sensor.sampleRateHertz", 12345678901234UL);
            reader.Finish();

            Assert.AreEqual(3, reader.ProblemCount, FirstProblem(reader));
            Assert.StartsWith("GPIO4294967317 cannot be used here", reader.GetProblem(0).Message);
            Assert.StartsWith("The ESP32 has no ADC channel 5000000000.", reader.GetProblem(1).Message);
            Assert.StartsWith("12345678901234 samples/s is not a rate the MAX30102 offers", reader.GetProblem(2).Message);
            Assert.AreEqual(21, reader.Settings.DataPin);
            Assert.AreEqual(6, reader.Settings.AdcChannel);
            Assert.AreEqual(100, reader.Settings.SampleRateHertz);
        }

        [TestMethod]
        public static void AFractionOfAnyFloatingTypeIsRefused()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.maxPoints", 800.5);
            reader.Apply("server.heartbeatSeconds", 2.5f);
            reader.Apply("statusLed.pin", double.NaN);

            Assert.AreEqual(3, reader.ProblemCount, FirstProblem(reader));
            for (int i = 0; i < 3; i++)
            {
                Assert.Contains("must be a whole number, not ", reader.GetProblem(i).Message);
            }
        }

        [TestMethod]
        public static void ABooleanIsNotANumberAndANumberIsNotABoolean()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.maxPoints", true);
            reader.Apply("statusLed.activeHigh", 1);

            Assert.AreEqual(2, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("WARNING server.maxPoints: must be a whole number without quotes, not true. It is ignored and the default is used.",
                reader.GetProblem(0).ToString());
            Assert.AreEqual("WARNING statusLed.activeHigh: must be true or false without quotes, not 1. Using the default true.",
                reader.GetProblem(1).ToString());
        }

        // A command that refuses bad input (the virtual device's options) shows the problem without what a board then does.
        [TestMethod]
        public static void AProblemSaysWhatTheDeviceDoesAboutItApart()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.heartbeatSeconds", 70);
            reader.Apply("server.maxPoints", 2.5);
            reader.Apply("server.heartRateToken", "a b");
            reader.Apply("server.user", "a b");

            Assert.AreEqual(4, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("70 is out of range; allowed: 1 to 59.", reader.GetProblem(0).Problem);
            Assert.AreEqual("Using the default 30.", reader.GetProblem(0).Consequence);
            Assert.AreEqual("must be a whole number, not 2.5.", reader.GetProblem(1).Problem);
            Assert.AreEqual("It is ignored and the default is used.", reader.GetProblem(1).Consequence);
            Assert.AreEqual("Heart rate is not streamed.", reader.GetProblem(2).Consequence);
            Assert.AreEqual("The plot is not created at boot.", reader.GetProblem(3).Consequence);
            Assert.EndsWith("'-', '_' or '.'.", reader.GetProblem(3).Problem);
        }

        // What nanoFramework.Json makes of "2024-05-01T10:00:00Z": the text itself is gone.
        [TestMethod]
        public static void ADateWhereAPasswordBelongsIsRefusedAndTheStoredCredentialsAreUsed()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "HomeNetwork");
            DateTime date = new DateTime(2024, 5, 1, 10, 0, 0);
            reader.Apply("wifi.password", date);
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            ConfigurationProblem problem = reader.GetProblem(0);
            Assert.AreEqual("wifi.password", problem.Key);
            Assert.IsFalse(problem.IsFatal);
            Assert.Contains("read as a date", problem.Message);
            Assert.Contains("exact characters are lost", problem.Message);

            // The date is made of the password's own characters, so it is not shown.
            Assert.DoesNotContains(date.ToString(), problem.ToString());
            Assert.DoesNotContains("2024", problem.ToString());
            Assert.IsFalse(reader.Settings.HasWifiCredentials, "a password that is not the one written is not used");
        }

        [TestMethod]
        public static void ADateWhereTheServerOrPulseTokenBelongsIsFatal()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", new DateTime(2024, 5, 1));
            reader.Apply("server.pulseToken", new DateTime(628318530718L));
            reader.Apply("server.heartRateToken", new DateTime(1L));
            reader.Finish();

            Assert.AreEqual(3, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("server.url", reader.GetProblem(0).Key);
            Assert.IsTrue(reader.GetProblem(0).IsFatal);
            Assert.Contains("The device cannot stream without it", reader.GetProblem(0).Message);
            Assert.AreEqual("server.pulseToken", reader.GetProblem(1).Key);
            Assert.IsTrue(reader.GetProblem(1).IsFatal);
            Assert.AreEqual("server.heartRateToken", reader.GetProblem(2).Key);
            Assert.IsFalse(reader.GetProblem(2).IsFatal, "without its token only the heart-rate stream stops");
            Assert.Contains("read as a date", reader.GetProblem(2).Message);
            Assert.Contains("read as the date " + new DateTime(2024, 5, 1).ToString(), reader.GetProblem(0).Message);
            Assert.DoesNotContains(new DateTime(628318530718L).ToString(), reader.GetProblem(1).Message);
            Assert.DoesNotContains(new DateTime(1L).ToString(), reader.GetProblem(2).Message);
        }

        [TestMethod]
        public static void ADateWhereANumberOrNameBelongsNamesWhatCameBack()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.maxPoints", new DateTime(2024, 5, 1));
            reader.Apply("server.plotName", new DateTime(2L));
            reader.Apply("sensor.type", new DateTime(2024, 5, 1));

            Assert.AreEqual(3, reader.ProblemCount, FirstProblem(reader));
            Assert.Contains("must be a whole number without quotes, not text the JSON parser read as the date", reader.GetProblem(0).Message);
            Assert.Contains("read as the date", reader.GetProblem(1).Message);
            Assert.Contains("heart-rate", reader.GetProblem(1).Message);
            Assert.StartsWith("text the JSON parser read as the date", reader.GetProblem(2).Message);
            Assert.AreEqual("heart-rate", reader.Settings.PlotName);
        }

        // The adapter hands over the file's own characters (JsonSourceText), so date-like text arrives as written.
        [DataRow("wifi.password", "2024-05-01T10:00:00Z")]
        [DataRow("server.plotName", "Ward 3 monitor (2)")]
        [DataRow("server.pulseToken", "20240501T100000-pulse")]
        public static void DateLikeTextRecoveredFromTheFileIsUsedAsWritten(string key, string text)
        {
            string json = "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"2024-05-01T10:00:00Z\"}, \"server\": {\"url\": \"http://192.168.1.20:8080\","
                + " \"pulseToken\": \"20240501T100000-pulse\", \"plotName\": \"Ward 3 monitor (2)\"}}";
            var source = new JsonSourceText(json);
            string recovered;
            Assert.IsTrue(source.TryGetText(key, out recovered));
            Assert.AreEqual(text, recovered);

            var reader = new ConfigurationReader();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply("server.url", "http://192.168.1.20:8080");
            reader.Apply("server.pulseToken", "pulse-token-1");
            reader.Apply(key, recovered);
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            string stored = key == "wifi.password" ? reader.Settings.WifiPassword : key == "server.plotName" ? reader.Settings.PlotName : reader.Settings.PulseToken;
            Assert.AreEqual(text, stored);
        }

        private static ConfigurationReader ReadRequiredKeys()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", "http://192.168.1.20:8080");
            reader.Apply("server.pulseToken", "pulse-token-1");
            return reader;
        }

        private static string FirstProblem(ConfigurationReader reader)
        {
            return reader.ProblemCount == 0 ? "no problems" : "first problem: " + reader.GetProblem(0).ToString();
        }
    }
}
