using System;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// Every sample-rate and pulse-width combination in every mode. The expected answers are typed here from the
    /// datasheet: Table 11 (SpO2 mode) allows every width up to 400 sps, 69-215 µs at 800 sps, 69-118 µs at 1000 sps,
    /// only 69 µs at 1600 sps and nothing at 3200 sps; Table 12 (heart-rate mode) allows every width up to 1000 sps,
    /// 69-215 µs at 1600 sps and only 69 µs at 3200 sps. Multi-LED mode follows Table 11. Allowed combinations must
    /// produce the exact start-up bytes; refused ones an ArgumentException naming both values, with no bus traffic.
    /// </summary>
    [TestClass]
    public class Max30102SampleRateTests
    {
        private static readonly int[] s_samplesPerSecond = new int[] { 50, 100, 200, 400, 800, 1000, 1600, 3200 };
        private static readonly int[] s_pulseMicroseconds = new int[] { 69, 118, 215, 411 };

        // heart rate, Table 12
        [DataRow(2, 0, 0, true)] // 50 sps, 69 µs
        [DataRow(2, 0, 1, true)] // 50 sps, 118 µs
        [DataRow(2, 0, 2, true)] // 50 sps, 215 µs
        [DataRow(2, 0, 3, true)] // 50 sps, 411 µs
        [DataRow(2, 1, 0, true)] // 100 sps, 69 µs
        [DataRow(2, 1, 1, true)] // 100 sps, 118 µs
        [DataRow(2, 1, 2, true)] // 100 sps, 215 µs
        [DataRow(2, 1, 3, true)] // 100 sps, 411 µs
        [DataRow(2, 2, 0, true)] // 200 sps, 69 µs
        [DataRow(2, 2, 1, true)] // 200 sps, 118 µs
        [DataRow(2, 2, 2, true)] // 200 sps, 215 µs
        [DataRow(2, 2, 3, true)] // 200 sps, 411 µs
        [DataRow(2, 3, 0, true)] // 400 sps, 69 µs
        [DataRow(2, 3, 1, true)] // 400 sps, 118 µs
        [DataRow(2, 3, 2, true)] // 400 sps, 215 µs
        [DataRow(2, 3, 3, true)] // 400 sps, 411 µs
        [DataRow(2, 4, 0, true)] // 800 sps, 69 µs
        [DataRow(2, 4, 1, true)] // 800 sps, 118 µs
        [DataRow(2, 4, 2, true)] // 800 sps, 215 µs
        [DataRow(2, 4, 3, true)] // 800 sps, 411 µs
        [DataRow(2, 5, 0, true)] // 1000 sps, 69 µs
        [DataRow(2, 5, 1, true)] // 1000 sps, 118 µs
        [DataRow(2, 5, 2, true)] // 1000 sps, 215 µs
        [DataRow(2, 5, 3, true)] // 1000 sps, 411 µs
        [DataRow(2, 6, 0, true)] // 1600 sps, 69 µs
        [DataRow(2, 6, 1, true)] // 1600 sps, 118 µs
        [DataRow(2, 6, 2, true)] // 1600 sps, 215 µs
        [DataRow(2, 6, 3, false)] // 1600 sps, 411 µs
        [DataRow(2, 7, 0, true)] // 3200 sps, 69 µs
        [DataRow(2, 7, 1, false)] // 3200 sps, 118 µs
        [DataRow(2, 7, 2, false)] // 3200 sps, 215 µs
        [DataRow(2, 7, 3, false)] // 3200 sps, 411 µs
        // SpO2, Table 11
        [DataRow(3, 0, 0, true)] // 50 sps, 69 µs
        [DataRow(3, 0, 1, true)] // 50 sps, 118 µs
        [DataRow(3, 0, 2, true)] // 50 sps, 215 µs
        [DataRow(3, 0, 3, true)] // 50 sps, 411 µs
        [DataRow(3, 1, 0, true)] // 100 sps, 69 µs
        [DataRow(3, 1, 1, true)] // 100 sps, 118 µs
        [DataRow(3, 1, 2, true)] // 100 sps, 215 µs
        [DataRow(3, 1, 3, true)] // 100 sps, 411 µs
        [DataRow(3, 2, 0, true)] // 200 sps, 69 µs
        [DataRow(3, 2, 1, true)] // 200 sps, 118 µs
        [DataRow(3, 2, 2, true)] // 200 sps, 215 µs
        [DataRow(3, 2, 3, true)] // 200 sps, 411 µs
        [DataRow(3, 3, 0, true)] // 400 sps, 69 µs
        [DataRow(3, 3, 1, true)] // 400 sps, 118 µs
        [DataRow(3, 3, 2, true)] // 400 sps, 215 µs
        [DataRow(3, 3, 3, true)] // 400 sps, 411 µs
        [DataRow(3, 4, 0, true)] // 800 sps, 69 µs
        [DataRow(3, 4, 1, true)] // 800 sps, 118 µs
        [DataRow(3, 4, 2, true)] // 800 sps, 215 µs
        [DataRow(3, 4, 3, false)] // 800 sps, 411 µs
        [DataRow(3, 5, 0, true)] // 1000 sps, 69 µs
        [DataRow(3, 5, 1, true)] // 1000 sps, 118 µs
        [DataRow(3, 5, 2, false)] // 1000 sps, 215 µs
        [DataRow(3, 5, 3, false)] // 1000 sps, 411 µs
        [DataRow(3, 6, 0, true)] // 1600 sps, 69 µs
        [DataRow(3, 6, 1, false)] // 1600 sps, 118 µs
        [DataRow(3, 6, 2, false)] // 1600 sps, 215 µs
        [DataRow(3, 6, 3, false)] // 1600 sps, 411 µs
        [DataRow(3, 7, 0, false)] // 3200 sps, 69 µs
        [DataRow(3, 7, 1, false)] // 3200 sps, 118 µs
        [DataRow(3, 7, 2, false)] // 3200 sps, 215 µs
        [DataRow(3, 7, 3, false)] // 3200 sps, 411 µs
        // multi-LED, follows Table 11
        [DataRow(7, 0, 0, true)] // 50 sps, 69 µs
        [DataRow(7, 0, 1, true)] // 50 sps, 118 µs
        [DataRow(7, 0, 2, true)] // 50 sps, 215 µs
        [DataRow(7, 0, 3, true)] // 50 sps, 411 µs
        [DataRow(7, 1, 0, true)] // 100 sps, 69 µs
        [DataRow(7, 1, 1, true)] // 100 sps, 118 µs
        [DataRow(7, 1, 2, true)] // 100 sps, 215 µs
        [DataRow(7, 1, 3, true)] // 100 sps, 411 µs
        [DataRow(7, 2, 0, true)] // 200 sps, 69 µs
        [DataRow(7, 2, 1, true)] // 200 sps, 118 µs
        [DataRow(7, 2, 2, true)] // 200 sps, 215 µs
        [DataRow(7, 2, 3, true)] // 200 sps, 411 µs
        [DataRow(7, 3, 0, true)] // 400 sps, 69 µs
        [DataRow(7, 3, 1, true)] // 400 sps, 118 µs
        [DataRow(7, 3, 2, true)] // 400 sps, 215 µs
        [DataRow(7, 3, 3, true)] // 400 sps, 411 µs
        [DataRow(7, 4, 0, true)] // 800 sps, 69 µs
        [DataRow(7, 4, 1, true)] // 800 sps, 118 µs
        [DataRow(7, 4, 2, true)] // 800 sps, 215 µs
        [DataRow(7, 4, 3, false)] // 800 sps, 411 µs
        [DataRow(7, 5, 0, true)] // 1000 sps, 69 µs
        [DataRow(7, 5, 1, true)] // 1000 sps, 118 µs
        [DataRow(7, 5, 2, false)] // 1000 sps, 215 µs
        [DataRow(7, 5, 3, false)] // 1000 sps, 411 µs
        [DataRow(7, 6, 0, true)] // 1600 sps, 69 µs
        [DataRow(7, 6, 1, false)] // 1600 sps, 118 µs
        [DataRow(7, 6, 2, false)] // 1600 sps, 215 µs
        [DataRow(7, 6, 3, false)] // 1600 sps, 411 µs
        [DataRow(7, 7, 0, false)] // 3200 sps, 69 µs
        [DataRow(7, 7, 1, false)] // 3200 sps, 118 µs
        [DataRow(7, 7, 2, false)] // 3200 sps, 215 µs
        [DataRow(7, 7, 3, false)] // 3200 sps, 411 µs
        public static void SampleRateAndPulseWidthCombination(int modeCode, int sampleRateCode, int pulseWidthCode, bool allowedByDatasheet)
        {
            var settings = new Max30102Settings();
            settings.Mode = (MeasurementMode)modeCode;
            settings.SampleRate = (SampleRate)sampleRateCode;
            settings.PulseWidth = (LedPulseWidth)pulseWidthCode;
            var bus = new ScriptedRegisterBus();

            Assert.AreEqual(allowedByDatasheet, Max30102Settings.IsAllowed(settings.Mode, settings.SampleRate, settings.PulseWidth), "IsAllowed agrees with the datasheet table");
            if (allowedByDatasheet)
            {
                byte spo2Config = DatasheetMax30102.SpO2Config(1, sampleRateCode, pulseWidthCode);
                Max30102Script.ExpectInitialization(bus, 0x00, spo2Config, 0x23, 0x23, (byte)modeCode);

                var sensor = new Max30102(bus, settings);

                bus.VerifyAllTransfersHappened();
                Assert.AreEqual(sampleRateCode, (int)sensor.SampleRate);
                Assert.AreEqual(pulseWidthCode, (int)sensor.PulseWidth);
            }
            else
            {
                Exception thrown = Expect.Throws(typeof(ArgumentException), () => new Max30102(bus, settings));

                Expect.MessageContains(thrown, s_samplesPerSecond[sampleRateCode] + " samples/s", s_pulseMicroseconds[pulseWidthCode] + " µs");
                Expect.MessageContains(thrown, modeCode == DatasheetMax30102.ModeHeartRate ? "Table 12" : "Table 11");
                Assert.AreEqual(0, bus.TransferCount, "a refused combination never reaches the bus");
            }
        }
    }
}
