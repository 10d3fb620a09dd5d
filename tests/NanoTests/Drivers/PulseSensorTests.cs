using System;
using HeartRateStreamer.Ports;
using Iot.Device.PulseSensor;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    [TestClass]
    public class PulseSensorTests
    {
        [DataRow(0, 0)]
        [DataRow(4095, 262143)]
        [DataRow(2048, 131104)]
        [DataRow(1, 64)]
        public static void ReadingsAreScaledFromTheConverterRangeToEighteenBits(int raw, int expected)
        {
            var sensor = new PulseSensor(new ScriptedAnalogInput(4095, raw));

            // 2048 × 262143 / 4095 = 131103.98, rounded to the nearest count; 1 × 262143 / 4095 = 64.015.
            Assert.AreEqual(expected, sensor.Read());
            Assert.AreEqual(0, sensor.OutOfRangeCount);
        }

        [TestMethod]
        public static void ReadingsOutsideTheConverterRangeAreClippedAndCounted()
        {
            var sensor = new PulseSensor(new ScriptedAnalogInput(4095, -3, 5000, 100));

            Assert.AreEqual(0, sensor.ReadRaw());
            Assert.AreEqual(4095, sensor.ReadRaw());
            Assert.AreEqual(100, sensor.ReadRaw());
            Assert.AreEqual(2, sensor.OutOfRangeCount);
        }

        [TestMethod]
        public static void AnotherFullScaleCanBeChosen()
        {
            var sensor = new PulseSensor(new ScriptedAnalogInput(1023, 1023, 512), 1000);

            Assert.AreEqual(1000, sensor.Read());
            Assert.AreEqual(500, sensor.Read(), "512 × 1000 / 1023 = 500.49");
            Assert.AreEqual(1023, sensor.InputMaxValue);
        }

        [TestMethod]
        public static void ABrokenInputOrScaleIsRefused()
        {
            Exception noRange = Expect.Throws(typeof(ArgumentException), () => new PulseSensor(new ScriptedAnalogInput(0, 0)));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => new PulseSensor(new ScriptedAnalogInput(4095, 0), 0));
            Expect.Throws(typeof(ArgumentNullException), () => new PulseSensor(null!));

            Expect.MessageContains(noRange, "maximum of 0 counts");
        }

        [TestMethod]
        public static void TheSampleSourcePutsTheSignalInTheInfraredSlotOneSampleAtATime()
        {
            var input = new ScriptedAnalogInput(4095, 4095);
            var source = new PulseSensorSampleSource(new PulseSensor(input), 100);
            var red = new int[] { -1 };
            var infrared = new int[1];

            source.Start();
            int count = source.Read(red, infrared);

            Assert.AreEqual(1, count);
            Assert.AreEqual(262143, infrared[0]);
            Assert.AreEqual(0, red[0], "a single-LED sensor has no red channel");
            Assert.AreEqual(10000, source.SampleIntervalMicroseconds);
            Assert.AreEqual(10000, source.PollIntervalMicroseconds);
            Assert.AreEqual(1, source.MaximumSamplesPerRead);
            Assert.IsFalse(source.BuffersSamples, "an ADC loses a sample for every missed poll");
            Assert.AreEqual(2, input.ReadCount, "Start takes one trial conversion");
        }

        [DataRow(0)]
        [DataRow(1001)]
        public static void TheSampleSourceRefusesRatesOutsideOneToAThousand(int samplesPerSecond)
        {
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => new PulseSensorSampleSource(new PulseSensor(new ScriptedAnalogInput(4095, 0)), samplesPerSecond));
        }
    }
}
