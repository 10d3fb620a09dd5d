using HeartRateStreamer.Configuration;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// Which keys hold secrets (<see cref="ConfigurationKeys.IsSecret"/>): the one rule the firmware's reader, the PC
    /// tools' device.json reader and the flash tool's masking all use, so none of them can show a value another hides.
    /// </summary>
    [TestClass]
    public class SecretKeysTests
    {
        [DataRow("wifi.password")]
        [DataRow("server.apiKey")]
        [DataRow("server.pulseToken")]
        [DataRow("server.heartRateToken")]
        [DataRow("server.spo2Token")]
        [DataRow("server.rmssdToken")]
        [DataRow("server.sdnnToken")]
        [DataRow("server.breathingToken")]
        [DataRow("Wifi.Password")]
        [DataRow("server.APIKEY")]
        [DataRow("server.pulsetoken")]
        public static void PasswordApiKeyAndEveryStreamTokenAreSecret(string key)
        {
            Assert.IsTrue(ConfigurationKeys.IsSecret(key), key);
        }

        [DataRow("wifi.ssid")]
        [DataRow("server.url")]
        [DataRow("server.user")]
        [DataRow("server.plotName")]
        [DataRow("server.maxPoints")]
        [DataRow("sensor.type")]
        [DataRow("time.sntpServer")]
        [DataRow("wifi")]
        [DataRow("server")]
        [DataRow("")]
        [DataRow("pulseToken")]
        [DataRow("wifi.passwordHint")]
        public static void OtherKeysAreNot(string key)
        {
            Assert.IsFalse(ConfigurationKeys.IsSecret(key), key);
        }

        // The device compares keys character by character and lowers only A-Z. On a PC, .NET with ICU skips a zero-width
        // space (U+200B) in StartsWith and EndsWith, and ToLower turns the Kelvin sign (U+212A) into 'k'; the rule must
        // give the board's answer there too, so the flash tool masks exactly what the board hides.
        [TestMethod]
        public static void KeysAreComparedAsTheDeviceComparesThem()
        {
            Assert.IsFalse(ConfigurationKeys.IsSecret("\u200Bserver.pulseToken"), "a zero-width space before \"server.\"");
            Assert.IsFalse(ConfigurationKeys.IsSecret("server.pulseToken\u200B"), "a zero-width space after \"Token\"");
            Assert.IsFalse(ConfigurationKeys.IsSecret("server.pulseTo\u212Aen"), "the Kelvin sign is not the letter K");
            Assert.IsTrue(ConfigurationKeys.IsSecret("SERVER.PULSETOKEN"), "A-Z are lowered");
        }

        [TestMethod]
        public static void EveryTokenKeyTheFirmwareReadsIsSecret()
        {
            int secrets = 0;
            for (int i = 0; i < ConfigurationKeys.All.Length; i++)
            {
                string key = ConfigurationKeys.All[i];
                if (ConfigurationKeys.IsSecret(key))
                {
                    secrets++;
                }
            }

            // wifi.password, server.apiKey and the five stream tokens.
            Assert.AreEqual(7, secrets);
        }

        // Each secret, given as something the reader refuses, is described by its kind and length, never its value.
        [DataRow("wifi.password", "s3cr3t!")]
        [DataRow("server.pulseToken", "pu lse-s3cr3t")]
        [DataRow("server.spo2Token", "s3cr3t")]
        [DataRow("server.apiKey", "s3cr3t key")]
        public static void ARefusedSecretIsNotShown(string key, string value)
        {
            var reader = new ConfigurationReader();
            reader.Apply("wifi.ssid", "HomeNetwork");
            reader.Apply(key, value);
            reader.Apply(key, 12345678901234L);
            reader.Finish();

            for (int i = 0; i < reader.ProblemCount; i++)
            {
                string problem = reader.GetProblem(i).ToString();
                Assert.DoesNotContains("s3cr3t", problem);
                Assert.DoesNotContains("12345678901234", problem);
            }
        }
    }
}
