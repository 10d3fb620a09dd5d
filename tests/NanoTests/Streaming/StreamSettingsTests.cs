using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>The object grid's default and its floor: Plotly's limit of one object per stream every 50 ms.</summary>
    [TestClass]
    public class StreamSettingsTests
    {
        [TestMethod]
        public static void TheObjectGridDefaultsToPlotlysLimitAndRefusesToGoFaster()
        {
            var settings = new StreamSettings(new ServerAddress("h", 80, false));
            Assert.AreEqual(StreamSettings.MinimumObjectIntervalMilliseconds, settings.ObjectIntervalMilliseconds, "as fast as Plotly takes");

            settings.ObjectIntervalMilliseconds = StreamSettings.MinimumObjectIntervalMilliseconds;
            string message = "";
            try
            {
                settings.ObjectIntervalMilliseconds = StreamSettings.MinimumObjectIntervalMilliseconds - 1;
            }
            catch (ArgumentOutOfRangeException e)
            {
                message = e.Message;
            }

            Assert.IsTrue(message.IndexOf("faster than one object per 50 ms") >= 0, "the refusal names the limit: " + message);
            Assert.AreEqual(StreamSettings.MinimumObjectIntervalMilliseconds, settings.ObjectIntervalMilliseconds, "the refused value was not kept");
        }
    }
}
