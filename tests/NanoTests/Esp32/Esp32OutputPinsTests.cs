using HeartRateStreamer.Esp32;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Esp32
{
    /// <summary>The ESP32 GPIOs that can drive an output, and the list the configuration's messages give.</summary>
    [TestClass]
    public class Esp32OutputPinsTests
    {
        [TestMethod]
        public static void TheListGivesThreeOrMorePinsInARowAsARange()
        {
            Assert.AreEqual("0, 2, 4, 5, 12-19, 21-23, 25-27, 32, 33", Esp32OutputPins.List);
        }

        [TestMethod]
        public static void ThePulledUpLinesListLeavesOutTheFlashVoltageStrappingPin()
        {
            Assert.AreEqual("0, 2, 4, 5, 13-19, 21-23, 25-27, 32, 33", Esp32OutputPins.ListForPulledUpLines);
        }

        [DataRow(0L, true)]
        [DataRow(21L, true)]
        [DataRow(33L, true)]
        [DataRow(1L, false)]
        [DataRow(6L, false)]
        [DataRow(34L, false)]
        [DataRow(-1L, false)]
        public static void OnlyTheListedPinsCanDrive(long gpio, bool canDrive)
        {
            Assert.AreEqual(canDrive, Esp32OutputPins.CanDrive(gpio));
        }
    }
}
