using System;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// The configuration file's values, one key at a time, as the device's JSON adapter hands them over: each refused
    /// value names its key and the allowed values, keeps the default, and only the server and pulse token are fatal.
    /// </summary>
    [TestClass]
    public class ConfigurationReaderTests
    {
        private const string ServerUrl = "http://192.168.1.20:8080";
        private const string PulseToken = "pulse-token-1";

        [TestMethod]
        public static void TheTwoRequiredKeysAloneGiveEveryDefault()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, "nothing wrong with a file holding only the server and the pulse token");
            Assert.IsFalse(reader.HasFatalProblem);
            DeviceSettings settings = reader.Settings;
            Assert.AreEqual("192.168.1.20", settings.Server!.Host);
            Assert.AreEqual(8080, settings.Server.Port);
            Assert.IsFalse(settings.Server.UseTls);
            Assert.AreEqual(PulseToken, settings.PulseToken);
            Assert.AreEqual("", settings.HeartRateToken, "heart rate is off unless a token is given");
            Assert.IsFalse(settings.HasWifiCredentials, "no network in the file: the stored credentials are used");
            Assert.AreEqual((int)SensorKind.Max30102, (int)settings.Sensor);
            Assert.AreEqual(100, settings.SampleRateHertz);
            Assert.AreEqual(21, settings.DataPin);
            Assert.AreEqual(22, settings.ClockPin);
            Assert.AreEqual(7000, settings.LedCurrentMicroamperes);
            Assert.AreEqual(6, settings.AdcChannel);
            Assert.AreEqual(2, settings.StatusLedPin);
            Assert.IsTrue(settings.StatusLedActiveHigh);
            Assert.AreEqual(500, settings.MaxPoints);
            Assert.AreEqual(30, settings.HeartbeatSeconds);
            Assert.IsFalse(settings.CreatesPlot, "no account: the plot is not created at boot");
            Assert.AreEqual("heart-rate", settings.PlotName);
            Assert.AreEqual(60, settings.WifiConnectTimeoutSeconds);
            Assert.AreEqual(30, settings.TimeTimeoutSeconds);
            Assert.AreEqual(120, settings.StallSeconds);
            Assert.AreEqual(15, settings.RebootDelaySeconds);
            Assert.AreEqual(60, settings.ReportSeconds);
        }

        [TestMethod]
        public static void AFullFileIsReadIntoEverySetting()
        {
            var reader = new ConfigurationReader();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply("wifi.password", "correct horse");
            reader.Apply("wifi.connectTimeoutSeconds", 45);
            reader.Apply("server.url", "https://streams.example.org");
            reader.Apply("server.pulseToken", "pulse-token-1");
            reader.Apply("server.heartRateToken", "heart-rate-token-1");
            reader.Apply("server.spo2Token", "spo2-token-1");
            reader.Apply("server.maxPoints", 1200);
            reader.Apply("server.heartbeatSeconds", 20);
            reader.Apply("server.user", "demo");
            reader.Apply("server.apiKey", "k3y-1.x_Y");
            reader.Apply("server.plotName", "Ward 3, bed 2");
            reader.Apply("sensor.sampleRateHertz", 50);
            reader.Apply("sensor.type", "analog");
            reader.Apply("sensor.adcChannel", 4);
            reader.Apply("sensor.sdaPin", 25);
            reader.Apply("sensor.sclPin", 26);
            reader.Apply("sensor.ledCurrentMicroamperes", 12000);
            reader.Apply("statusLed.pin", 13);
            reader.Apply("statusLed.activeHigh", false);
            reader.Apply("time.sntpServer", "pool.ntp.org");
            reader.Apply("time.timeoutSeconds", 10);
            reader.Apply("supervision.stallSeconds", 300);
            reader.Apply("supervision.rebootDelaySeconds", 5);
            reader.Apply("supervision.reportSeconds", 30);
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            DeviceSettings settings = reader.Settings;
            Assert.AreEqual("HomeNetwork", settings.WifiSsid);
            Assert.AreEqual("correct horse", settings.WifiPassword);
            Assert.AreEqual(45, settings.WifiConnectTimeoutSeconds);
            Assert.IsTrue(settings.Server!.UseTls);
            Assert.AreEqual(443, settings.Server.Port);
            Assert.AreEqual("heart-rate-token-1", settings.HeartRateToken);
            Assert.AreEqual("spo2-token-1", settings.OxygenSaturationToken);
            Assert.AreEqual(1200, settings.MaxPoints);
            Assert.AreEqual(20, settings.HeartbeatSeconds);
            Assert.IsTrue(settings.CreatesPlot);
            Assert.AreEqual("demo", settings.PlotUser);
            Assert.AreEqual("k3y-1.x_Y", settings.PlotApiKey);
            Assert.AreEqual("Ward 3, bed 2", settings.PlotName);
            Assert.AreEqual((int)SensorKind.Analog, (int)settings.Sensor);
            Assert.AreEqual(50, settings.SampleRateHertz);
            Assert.AreEqual(4, settings.AdcChannel);
            Assert.AreEqual(25, settings.DataPin);
            Assert.AreEqual(26, settings.ClockPin);
            Assert.AreEqual(12000, settings.LedCurrentMicroamperes);
            Assert.AreEqual(13, settings.StatusLedPin);
            Assert.IsFalse(settings.StatusLedActiveHigh);
            Assert.AreEqual("pool.ntp.org", settings.SntpServer);
            Assert.AreEqual(10, settings.TimeTimeoutSeconds);
            Assert.AreEqual(300, settings.StallSeconds);
            Assert.AreEqual(5, settings.RebootDelaySeconds);
            Assert.AreEqual(30, settings.ReportSeconds);
        }

        [TestMethod]
        public static void AMissingServerAndPulseTokenAreFatalAndNamed()
        {
            var reader = new ConfigurationReader();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Finish();

            Assert.IsTrue(reader.HasFatalProblem, "the device cannot stream without a server and a token");
            Assert.AreEqual(2, reader.ProblemCount, FirstProblem(reader));
            Assert.StartsWith("ERROR server.url: is missing", reader.GetProblem(0).ToString());
            Assert.StartsWith("ERROR server.pulseToken: is missing", reader.GetProblem(1).ToString());
        }

        [DataRow("ftp://192.168.1.20", "scheme")]
        [DataRow("http://192.168.1.20:8080/streams", "path")]
        [DataRow("http://192.168.1.20:99999", "port")]
        [DataRow("", "empty")]
        [DataRow("http://[::1]:8080", "IPv6 address")]
        [DataRow("https://[2001:db8::20]", "Use an IPv4 address such as http://192.168.1.20:8080 or a DNS name")]

        // A password written into the address (user:password@host) is refused first, whatever else is wrong, and never repeated.
        [DataRow("ftp://admin:hunter22@192.168.1.20", "user name or password before '@'")]
        [DataRow("http://admin:hunter22@192.168.1.20:8080/streams", "user name or password before '@'")]
        [DataRow("https://admin:hunter22@stream.example.org/a@b", "user name or password before '@'")]
        [DataRow("http://admin:hunter22@192.168.1.20:8080", "user name or password before '@'")]
        public static void ABadServerUrlIsFatalAndSaysWhy(string url, string expectedWord)
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", url);
            reader.Apply("server.pulseToken", PulseToken);
            reader.Finish();

            Assert.IsTrue(reader.HasFatalProblem);
            Assert.AreEqual(1, reader.ProblemCount, "one problem, not a second 'missing' one: " + FirstProblem(reader));
            ConfigurationProblem problem = reader.GetProblem(0);
            Assert.AreEqual("server.url", problem.Key);
            Assert.Contains(expectedWord, problem.Message);
            Assert.Contains("http://host[:port]", problem.Message, "the allowed form is named");
            Assert.DoesNotContains("hunter22", problem.Message);
            Assert.DoesNotContains("(Parameter", problem.Message, "the same sentence on the board and on a PC (flash tool, virtual device)");
        }

        // string.Trim differs: the device's removes U+200B and U+FEFF but not U+0085, U+1680, U+2028, U+2029, U+202F or
        // U+205F, .NET's the opposite, so an address pasted with one of them at an end was taken by the board and refused
        // on a PC, or the reverse. An address is ASCII (a DNS name or IPv4 address, no path), so the reader names any
        // other character before the address is parsed, the same on both.
        [DataRow("\uFEFFhttp://192.168.1.20:8080", "U+FEFF", 1)]
        [DataRow("http://192.168.1.20:8080\u2028", "U+2028", 25)]
        [DataRow("http://192.168.1.20:8080\u200B", "U+200B", 25)]
        [DataRow("\u0085http://192.168.1.20:8080", "U+0085", 1)]
        [DataRow("http://h\u00E9.example:8080", "U+00E9", 9)]
        [DataRow("http://192.168.1.20:80\u000180", "U+0001", 23)]
        public static void AServerUrlWithACharacterBeyondPrintableAsciiIsRefusedByName(string url, string code, int position)
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", url);
            reader.Apply("server.pulseToken", PulseToken);
            reader.Finish();

            Assert.IsTrue(reader.HasFatalProblem, "refused on the board and on a PC alike");
            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("server.url", reader.GetProblem(0).Key);
            Assert.Contains(code + " as character " + position.ToString() + " of " + url.Length.ToString(), reader.GetProblem(0).Message);
            Assert.Contains("http://host[:port]", reader.GetProblem(0).Message, "the allowed form is named");
        }

        [TestMethod]
        public static void AServerUrlWithAPasswordIsRefusedForTheAtWithoutNamingAnyOfItsCharacters()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", "http://admin:P\u00e4ssword@192.168.1.20:8080");
            reader.Apply("server.pulseToken", PulseToken);
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            string message = reader.GetProblem(0).Message;
            Assert.Contains("before '@'", message);
            Assert.DoesNotContains("U+00E4", message, "a character of the password is not named");
            Assert.DoesNotContains("admin", message);
        }

        [TestMethod]
        public static void AServerUrlWithSpacesOrLineBreaksAroundItIsTaken()
        {
            // ASCII white space at the ends is trimmed alike by both runtimes.
            var reader = new ConfigurationReader();
            reader.Apply("server.url", " \thttp://192.168.1.20:8080\r\n");
            reader.Apply("server.pulseToken", PulseToken);
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
        }

        // The device keeps text as NUL-terminated UTF-8: a value holding U+0000 (written \u0000 in JSON) would end there on
        // the board and arrive whole on a PC (System.Text.Json). The reader refuses it by key and position; a secret is
        // not shown. On the device no string can hold a NUL: JsonSourceText finds the escape there (JsonSourceTextTests).
        [DataRow("server.url", "http://192.168.1.20\u0000:8080", 20, true)]
        [DataRow("server.pulseToken", "pulse\u0000token-1", 6, true)]
        [DataRow("wifi.password", "s3cr3t\u0000word", 7, false)]
        [DataRow("server.plotName", "Ward 3\u0000", 7, false)]
        [DataRow("sensor.type", "\u0000analog", 1, false)]
        public static void TextHoldingNulIsRefusedByKeyAndPosition(string key, string value, int position, bool fatal)
        {
            if (value.Length < position || value[position - 1] != '\0')
            {
                Assert.SkipTest("this runtime ends text at NUL, so no value can hold one here");
            }

            var reader = new ConfigurationReader();
            reader.Apply("server.url", ServerUrl);
            reader.Apply("server.pulseToken", PulseToken);
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply(key, value);
            reader.Finish();

            Assert.AreEqual(fatal, reader.HasFatalProblem);
            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            ConfigurationProblem problem = reader.GetProblem(0);
            Assert.AreEqual(key, problem.Key);
            if (ConfigurationKeys.IsSecret(key))
            {
                Assert.Contains("NUL (\\u0000); ", problem.Message);
                Assert.DoesNotContains("as character", problem.Message, "where the NUL lies would tell the length of the secret before it");
            }
            else
            {
                Assert.Contains("NUL (\\u0000) as character " + position.ToString(), problem.Message);
            }

            Assert.Contains("Remove it from device.json", problem.Message);
            Assert.DoesNotContains("s3cr3t", problem.Message);
        }

        [TestMethod]
        public static void AServerUrlThatIsNotTextIsFatal()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", 8080);
            reader.Apply("server.pulseToken", PulseToken);
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.StartsWith("ERROR server.url: must be text", reader.GetProblem(0).ToString());
            Assert.Contains("not 8080", reader.GetProblem(0).Message);
        }

        [DataRow(10, 4)]
        [DataRow(12, 2)]
        [DataRow(16, 14)]
        [DataRow(19, 26)]
        public static void AnAdc2ChannelIsRefusedBecauseOfWifi(int channel, int gpio)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.type", "analog");
            reader.Apply("sensor.adcChannel", channel);
            reader.Finish();

            Assert.IsFalse(reader.HasFatalProblem, "the device runs on the default channel");
            Assert.AreEqual(1, reader.ProblemCount);
            ConfigurationProblem problem = reader.GetProblem(0);
            Assert.AreEqual("sensor.adcChannel", problem.Key);
            Assert.Contains("ADC channel " + channel.ToString() + " (GPIO" + gpio.ToString() + ") belongs to the ESP32's ADC2", problem.Message);
            Assert.Contains("Wi-Fi", problem.Message);
            Assert.Contains("allowed: channels 0-7", problem.Message);
            Assert.EndsWith("Using the default 6 (GPIO34).", problem.Message);
            Assert.AreEqual(6, reader.Settings.AdcChannel, "the default channel stays");
        }

        [DataRow(8, "temperature")]
        [DataRow(9, "Hall")]
        [DataRow(20, "has no ADC channel 20")]
        [DataRow(-1, "has no ADC channel -1")]
        public static void OtherChannelsThatAreNotPinsAreRefused(int channel, string expectedReason)
        {
            ConfigurationReader reader = ReadWithOneRefusal("sensor.adcChannel", channel);

            Assert.Contains(expectedReason, reader.GetProblem(0).Message);
            Assert.AreEqual(6, reader.Settings.AdcChannel);
        }

        [DataRow(0)]
        [DataRow(3)]
        [DataRow(7)]
        public static void EveryAdc1ChannelIsAccepted(int channel)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.adcChannel", channel);

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(channel, reader.Settings.AdcChannel);
        }

        [DataRow("max30102", 400, 400, 0)]
        [DataRow("max30102", 50, 50, 0)]
        [DataRow("max30102", 150, 100, 1)]
        [DataRow("max30102", 800, 100, 1)]
        [DataRow("analog", 50, 50, 0)]
        [DataRow("analog", 25, 25, 0)]
        [DataRow("analog", 200, 100, 1)]
        [DataRow("analog", 150, 100, 1)]
        [DataRow("analog", 40, 100, 1)]
        [DataRow("analog", 20, 100, 1)]
        public static void TheSampleRateIsCheckedAgainstTheSensorWhateverTheKeyOrder(string sensor, int rate, int expectedRate, int expectedProblems)
        {
            // The rate comes before the type here: a JSON object's members arrive in any order.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.sampleRateHertz", rate);
            reader.Apply("sensor.type", sensor);
            reader.Finish();

            Assert.AreEqual(expectedProblems, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(expectedRate, reader.Settings.SampleRateHertz);
            if (expectedProblems > 0)
            {
                Assert.AreEqual("sensor.sampleRateHertz", reader.GetProblem(0).Key);
                Assert.Contains("allowed:", reader.GetProblem(0).Message);
            }
        }

        [TestMethod]
        public static void AnUnknownSensorTypeKeepsTheMax30102()
        {
            ConfigurationReader reader = ReadWithOneRefusal("sensor.type", "ppg-9000");

            Assert.Contains("\"ppg-9000\"", reader.GetProblem(0).Message);
            Assert.Contains("\"max30102\" or \"analog\"", reader.GetProblem(0).Message);
            Assert.AreEqual((int)SensorKind.Max30102, (int)reader.Settings.Sensor);
        }

        [TestMethod]
        public static void SensorTypeIgnoresCase()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.type", "Analog");

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual((int)SensorKind.Analog, (int)reader.Settings.Sensor);
        }

        [TestMethod]
        public static void ANumberInQuotesIsRefusedWithTheReason()
        {
            ConfigurationReader reader = ReadWithOneRefusal("sensor.adcChannel", "2");

            Assert.AreEqual("WARNING sensor.adcChannel: must be a whole number without quotes, not \"2\". It is ignored and the default is used.",
                reader.GetProblem(0).ToString());
            Assert.AreEqual(6, reader.Settings.AdcChannel);
        }

        [TestMethod]
        public static void AWholeNumberWrittenWithADecimalPointIsAccepted()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.maxPoints", 800.0);
            reader.Apply("server.heartbeatSeconds", 25L);

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(800, reader.Settings.MaxPoints);
            Assert.AreEqual(25, reader.Settings.HeartbeatSeconds);
        }

        [TestMethod]
        public static void AFractionIsRefused()
        {
            ConfigurationReader reader = ReadWithOneRefusal("server.maxPoints", 800.5);

            Assert.Contains("must be a whole number", reader.GetProblem(0).Message);
            Assert.AreEqual(500, reader.Settings.MaxPoints);
        }

        [DataRow("server.maxPoints", 0, "1 to 10000")]
        [DataRow("server.maxPoints", 10001, "1 to 10000")]
        [DataRow("server.heartbeatSeconds", 60, "1 to 59")]
        [DataRow("sensor.ledCurrentMicroamperes", 52000, "0 to 51000")]
        [DataRow("wifi.connectTimeoutSeconds", 5, "10 to 600")]
        [DataRow("time.timeoutSeconds", 601, "5 to 600")]
        [DataRow("supervision.stallSeconds", 89, "90 to 3600")]
        public static void AnOutOfRangeNumberNamesKeyAndRangeAndKeepsTheDefault(string key, int value, string range)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply(key, value);

            Assert.IsFalse(reader.HasFatalProblem);
            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual(key, reader.GetProblem(0).Key);
            Assert.Contains(value.ToString() + " is out of range; allowed: " + range + ". Using the default", reader.GetProblem(0).Message);
        }

        [TestMethod]
        public static void TheHeartbeatRangeIsTheOneTheStreamsAccept()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.heartbeatSeconds", HeartbeatSchedule.LongestIntervalSeconds);
            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(59, reader.Settings.HeartbeatSeconds, "the last whole second below the server's 60 s stale limit");

            var settings = new StreamSettings(new ServerAddress("h", 80, false));
            settings.HeartbeatIntervalMilliseconds = reader.Settings.HeartbeatSeconds * 1000;

            reader.Apply("server.heartbeatSeconds", HeartbeatSchedule.LongestIntervalSeconds + 1);
            reader.Apply("server.heartbeatSeconds", HeartbeatSchedule.ShortestIntervalSeconds - 1);
            Assert.AreEqual(2, reader.ProblemCount);
            Assert.Contains("allowed: 1 to 59.", reader.GetProblem(0).Message);
            Assert.Contains("allowed: 1 to 59.", reader.GetProblem(1).Message);
        }

        [DataRow(34)]
        [DataRow(39)]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(6)]
        [DataRow(40)]
        public static void APinThatCannotDriveTheBusIsRefused(int pin)
        {
            ConfigurationReader reader = ReadWithOneRefusal("sensor.sdaPin", pin);

            Assert.AreEqual("sensor.sdaPin", reader.GetProblem(0).Key);
            // Not 12: the message offers only pins the line may use (GPIO12 is refused for it below).
            Assert.Contains("allowed: 0, 2, 4, 5, 13-19, 21-23, 25-27, 32, 33. Using the default 21.", reader.GetProblem(0).Message);
            Assert.AreEqual(21, reader.Settings.DataPin);
        }

        [DataRow("sensor.sdaPin", 21)]
        [DataRow("sensor.sclPin", 22)]
        public static void AnI2cLineOnTheFlashVoltageStrappingPinIsRefused(string key, int fallback)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply(key, 12);
            reader.Apply("statusLed.pin", 12); // an output driven after boot may use it

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(key, reader.GetProblem(0).Key);
            Assert.Contains("GPIO12 sets the flash voltage when the board starts", reader.GetProblem(0).Message);
            Assert.AreEqual(fallback, key == "sensor.sdaPin" ? reader.Settings.DataPin : reader.Settings.ClockPin);
            Assert.AreEqual(12, reader.Settings.StatusLedPin);
        }

        [TestMethod]
        public static void TheStatusLedCanBeTurnedOff()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("statusLed.pin", -1);
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(-1, reader.Settings.StatusLedPin);
        }

        [TestMethod]
        public static void AStatusLedOnASensorPinIsTurnedOff()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("statusLed.pin", 21);
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual("statusLed.pin", reader.GetProblem(0).Key);
            Assert.Contains("already used by the sensor", reader.GetProblem(0).Message);
            Assert.AreEqual(-1, reader.Settings.StatusLedPin);
        }

        [TestMethod]
        public static void TheSameGpioForSdaAndSclFallsBackToTheDefaults()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.sdaPin", 25);
            reader.Apply("sensor.sclPin", 25);
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual("sensor.sclPin", reader.GetProblem(0).Key);
            Assert.AreEqual(21, reader.Settings.DataPin);
            Assert.AreEqual(22, reader.Settings.ClockPin);
        }

        [DataRow("", true)]
        [DataRow("12345678", true)]
        [DataRow("0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcde", true)]
        [DataRow("1234567", false)]
        [DataRow("0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdeg", false)]
        [DataRow("ééééééééééééééééééééééééééééééé1", true)]
        [DataRow("éééééééééééééééééééééééééééééééé", false)]
        [DataRow("éééé", true)]
        [DataRow("ééé1", false)]
        public static void TheWifiPasswordIsAPassphraseTheDeviceCanStore(string password, bool accepted)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply("wifi.password", password);
            reader.Finish();

            Assert.AreEqual(accepted ? 0 : 1, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual(accepted, reader.Settings.HasWifiCredentials, "a refused password drops the configured network");
            if (!accepted)
            {
                Assert.AreEqual("wifi.password", reader.GetProblem(0).Key);
                Assert.Contains("empty for an open network, or 8 to 63 characters", reader.GetProblem(0).Message);
                Assert.DoesNotContains(password, reader.GetProblem(0).Message, "a password never goes into the log");
            }
        }

        [TestMethod]
        public static void AKeyOf64HexDigitsIsRefusedWithTheReason()
        {
            // WPA2 allows it, but nanoFramework's Wi-Fi store holds 63 bytes and a terminator: it could never be saved.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply("wifi.password", "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.Contains("a key of 64 hex digits does not fit the device's Wi-Fi store: give the network's passphrase instead", reader.GetProblem(0).Message);
            Assert.IsFalse(reader.Settings.HasWifiCredentials);
        }

        [TestMethod]
        public static void ATooLongSsidIsRefused()
        {
            // 32 bytes: the longest name Wi-Fi allows, one more than nanoFramework's store keeps.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "a-network-name-of-32-bytes-long!");
            reader.Apply("wifi.password", "12345678");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.Contains("is 32 bytes long; the device stores network names of up to 31 bytes", reader.GetProblem(0).Message);
            Assert.IsFalse(reader.Settings.HasWifiCredentials);
            Assert.AreEqual("", reader.Settings.WifiPassword, "the password of a refused network is dropped too");
        }

        [TestMethod]
        public static void ASsidOf31BytesIsKept()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "a-network-name-of-31-bytes-long");
            reader.Finish();

            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("a-network-name-of-31-bytes-long", reader.Settings.WifiSsid);
        }

        [TestMethod]
        public static void ASsidCountsBytesNotCharacters()
        {
            // 11 two-byte characters and 10 ASCII ones: 21 characters, 32 bytes.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "ééééééééééé-Network-A");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual("wifi.ssid", reader.GetProblem(0).Key);
        }

        [TestMethod]
        public static void APasswordWithoutSsidIsNamed()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.password", "12345678");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.StartsWith("WARNING wifi.ssid: is missing although wifi.password is set", reader.GetProblem(0).ToString());
        }

        [TestMethod]
        public static void ABadPulseTokenIsFatalButABadHeartRateTokenOnlyStopsThatStream()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", ServerUrl);
            reader.Apply("server.pulseToken", "has space");
            reader.Apply("server.heartRateToken", "also bad");
            reader.Finish();

            Assert.IsTrue(reader.HasFatalProblem);
            Assert.AreEqual(2, reader.ProblemCount, "no extra 'missing' problem for the refused pulse token: " + FirstProblem(reader));
            Assert.IsTrue(reader.GetProblem(0).IsFatal);
            Assert.Contains("printable ASCII characters without spaces", reader.GetProblem(0).Message);
            Assert.IsFalse(reader.GetProblem(1).IsFatal);
            Assert.Contains("Heart rate is not streamed", reader.GetProblem(1).Message);
            Assert.AreEqual("", reader.Settings.HeartRateToken);
        }

        [TestMethod]
        public static void ATokenShorterThanTheServerTakesIsRefusedWithTheLengthsAllowed()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", ServerUrl);
            reader.Apply("server.pulseToken", PulseToken);
            reader.Apply("server.spo2Token", "tok1");
            reader.Finish();

            Assert.IsFalse(reader.HasFatalProblem, "only the SpO2 stream is lost");
            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.StartsWith("WARNING server.spo2Token: is not a stream token (text of 4 characters); allowed: 10 to 128", reader.GetProblem(0).ToString());
            Assert.AreEqual("", reader.Settings.OxygenSaturationToken);
        }

        [TestMethod]
        public static void ATokenGivenToTwoTracesStreamsOnlyTheFirst()
        {
            // The server allows one connection per token: two streams on one token would disconnect each other for ever.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.heartRateToken", PulseToken);
            reader.Apply("server.spo2Token", "spo2-token-123");
            reader.Apply("server.sdnnToken", "spo2-token-123");
            reader.Finish();

            Assert.IsFalse(reader.HasFatalProblem, "the pulse still streams");
            Assert.AreEqual(2, reader.ProblemCount, FirstProblem(reader));
            Assert.StartsWith("WARNING server.heartRateToken: is the same token as server.pulseToken; each trace needs a token of its own", reader.GetProblem(0).ToString());
            Assert.EndsWith("Heart rate is not streamed.", reader.GetProblem(0).Message);
            Assert.StartsWith("WARNING server.sdnnToken: is the same token as server.spo2Token", reader.GetProblem(1).ToString());
            Assert.AreEqual(PulseToken, reader.Settings.PulseToken);
            Assert.AreEqual("", reader.Settings.HeartRateToken);
            Assert.AreEqual("spo2-token-123", reader.Settings.OxygenSaturationToken);
            Assert.AreEqual("", reader.Settings.SdnnToken);
        }

        [TestMethod]
        public static void SecretsAreNotRepeatedInTheirProblems()
        {
            // Problems go to the serial log and the flash tool's terminal; the dry run masks these values, so must they.
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply("wifi.password", 12345678L);
            reader.Apply("server.heartRateToken", "my secret token");
            reader.Apply("server.spo2Token", 4711L);
            reader.Apply("server.user", "demo");
            reader.Apply("server.apiKey", 987654321L);
            reader.Finish();

            Assert.AreEqual(4, reader.ProblemCount, FirstProblem(reader));
            for (int i = 0; i < reader.ProblemCount; i++)
            {
                string problem = reader.GetProblem(i).ToString();
                Assert.IsTrue(problem.IndexOf("12345678") < 0 && problem.IndexOf("secret") < 0 && problem.IndexOf("4711") < 0 && problem.IndexOf("987654321") < 0, "a secret in: " + problem);
            }

            Assert.Contains("not a number", reader.GetProblem(0).Message);
            Assert.Contains("(text of 15 characters)", reader.GetProblem(1).Message);
        }

        [DataRow("server.user", "server.apiKey")]
        [DataRow("server.apiKey", "server.user")]
        public static void PlotCreationNeedsBothUserAndKey(string given, string missing)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply(given, "demo");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual(missing, reader.GetProblem(0).Key);
            Assert.Contains("The plot is not created at boot. The streams still run with their tokens.", reader.GetProblem(0).Message);
            Assert.IsFalse(reader.Settings.CreatesPlot);
        }

        [DataRow("de mo")]
        [DataRow("a&b")]
        [DataRow("")]
        public static void AnAccountNameTheFormCannotCarryIsRefused(string user)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.user", user);
            reader.Apply("server.apiKey", "key");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            Assert.AreEqual("server.user", reader.GetProblem(0).Key);
            Assert.Contains("letters, digits, '-', '_' or '.'", reader.GetProblem(0).Message);
            Assert.IsFalse(reader.Settings.CreatesPlot, "no plot creation with a refused account");
            Assert.AreEqual("", reader.Settings.PlotApiKey, "the key alone is not kept either");
        }

        [DataRow("Q2x+a3/jb2RlMTIz", true)]
        [DataRow("k3y with a space", false)]
        [DataRow("kéy", false)]
        public static void AnApiKeyMayHoldAnyPrintableAsciiButNoSpace(string key, bool accepted)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.user", "demo");
            reader.Apply("server.apiKey", key);
            reader.Finish();

            Assert.AreEqual(accepted, reader.Settings.CreatesPlot, FirstProblem(reader));
            Assert.AreEqual(accepted ? 0 : 1, reader.ProblemCount, FirstProblem(reader));
            if (!accepted)
            {
                Assert.Contains("printable ASCII characters without spaces", reader.GetProblem(0).Message);
            }
        }

        [TestMethod]
        public static void AnUnknownKeyIsNamedAndIgnored()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("sensor.sampleRate", 100);
            reader.Finish();

            Assert.IsFalse(reader.HasFatalProblem);
            Assert.AreEqual(1, reader.ProblemCount);
            Assert.StartsWith("WARNING sensor.sampleRate: is not a key the firmware knows", reader.GetProblem(0).ToString());
            Assert.DoesNotContains("Did you mean", reader.GetProblem(0).Message, "no known key is close to it");
        }

        [TestMethod]
        public static void AMistypedKeyIsNamedWithTheKeyMeant()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("wifi.pasword", "a-password");
            reader.Finish();

            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual("wifi.pasword", reader.GetProblem(0).Key);
            Assert.AreEqual("is not a key the firmware knows. Did you mean wifi.password? Check its spelling and case against the key list in firmware/HeartRateStreamer/README.md.",
                reader.GetProblem(0).Problem);
            Assert.AreEqual("It is ignored.", reader.GetProblem(0).Consequence, "what the board does, apart for a tool that refuses the file");
        }

        [TestMethod]
        public static void AMistypedKeyOfTheReadingProgramsOwnIsNamedWithTheKeyMeant()
        {
            // The flash tool reads server.caCertificateFile itself; the board's reader does not know it and names none.
            var reader = new ConfigurationReader(new string[] { "server.caCertificateFile" });
            reader.Apply("server.caCertficateFile", "ca.pem");
            var board = new ConfigurationReader();
            board.Apply("server.caCertficateFile", "ca.pem");

            Assert.Contains("Did you mean server.caCertificateFile?", reader.GetProblem(0).Problem);
            Assert.DoesNotContains("Did you mean", board.GetProblem(0).Problem);
        }

        [TestMethod]
        public static void AValueInPlaceOfASectionIsNamed()
        {
            ConfigurationReader reader = ReadWithOneRefusal("wifi", "HomeNetwork");

            Assert.Contains("must be an object holding its keys", reader.GetProblem(0).Message);
        }

        [TestMethod]
        public static void TrueInQuotesIsNotABoolean()
        {
            ConfigurationReader reader = ReadWithOneRefusal("statusLed.activeHigh", "false");

            Assert.Contains("must be true or false without quotes", reader.GetProblem(0).Message);
            Assert.IsTrue(reader.Settings.StatusLedActiveHigh);
        }

        [TestMethod]
        public static void AnSntpServerWithAPathIsRefused()
        {
            ConfigurationReader reader = ReadWithOneRefusal("time.sntpServer", "ntp://pool.ntp.org");

            Assert.AreEqual("", reader.Settings.SntpServer);
        }

        [TestMethod]
        public static void NullIsRefusedLikeAnyWrongType()
        {
            ConfigurationReader reader = ReadWithOneRefusal("server.maxPoints", null);

            Assert.Contains("not null", reader.GetProblem(0).Message);
        }

        [TestMethod]
        public static void VariabilityTokensAreOptional()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply("server.rmssdToken", "rmssd-token");
            reader.Finish();
            DeviceSettings settings = reader.Settings;

            Assert.AreEqual("rmssd-token", settings.RmssdToken, "RMSSD streamed");
            Assert.AreEqual("", settings.SdnnToken, "SDNN not given: not streamed");
            Assert.AreEqual(0, reader.ProblemCount, FirstProblem(reader));
        }

        [TestMethod]
        public static void NothingIsAppliedAfterFinish()
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Finish();

            Assert.ThrowsException(typeof(InvalidOperationException), () => reader.Apply("sensor.adcChannel", 2));
        }

        [TestMethod]
        public static void EveryKnownKeyIsUnderASection()
        {
            for (int i = 0; i < ConfigurationKeys.All.Length; i++)
            {
                string key = ConfigurationKeys.All[i];
                int dot = key.IndexOf('.');
                Assert.IsTrue(dot > 0, key + " has a section");
                bool known = false;
                for (int s = 0; s < ConfigurationKeys.Sections.Length; s++)
                {
                    known = known || ConfigurationKeys.Sections[s] == key.Substring(0, dot);
                }

                Assert.IsTrue(known, key + " is under one of the known sections");
            }
        }

        private static ConfigurationReader ReadRequiredKeys()
        {
            var reader = new ConfigurationReader();
            reader.Apply("server.url", ServerUrl);
            reader.Apply("server.pulseToken", PulseToken);
            return reader;
        }

        // The two required keys and then key = value, checked to have been refused, alone: its problem is problem 0.
        private static ConfigurationReader ReadWithOneRefusal(string key, object? value)
        {
            ConfigurationReader reader = ReadRequiredKeys();
            reader.Apply(key, value);
            Assert.AreEqual(1, reader.ProblemCount, FirstProblem(reader));
            return reader;
        }

        private static string FirstProblem(ConfigurationReader reader)
        {
            return reader.ProblemCount == 0 ? "no problems" : "first problem: " + reader.GetProblem(0).ToString();
        }
    }
}
