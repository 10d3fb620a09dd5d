using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Tests.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Pipeline
{
    /// <summary>A reading's stream: a changed value at most every 4 s, an unchanged one looked at again after 200 ms, not per sample.</summary>
    [TestClass]
    public class ReadingStreamTests
    {
        [TestMethod]
        public static void AChangedReadingWaitsForTheIntervalAndAnUnchangedOneForTheRecheck()
        {
            var clock = new ManualClock(0);
            var stream = new PlotStream("heart rate", "bpm-token", 500, 0, new StreamSettings(new ServerAddress("192.168.1.20", 8080, false)), new RecordingTransport(clock), clock, new LowestRandom());
            var reading = new ReadingStream(stream);

            Assert.IsTrue(reading.IsDue(0), "the first reading is due at once");
            reading.Offer(0, 72.0);
            Assert.AreEqual(1, stream.PointsAppended);
            Assert.IsFalse(reading.IsDue(ReadingStream.IntervalMilliseconds - 1), "a sent reading holds the stream for the interval");
            Assert.IsTrue(reading.IsDue(ReadingStream.IntervalMilliseconds));

            reading.Offer(ReadingStream.IntervalMilliseconds, 72.2);
            Assert.AreEqual(1, stream.PointsAppended, "72.2 shows as 72, as before: nothing sent");
            long recheck = ReadingStream.IntervalMilliseconds + ReadingStream.RecheckMilliseconds;
            Assert.IsFalse(reading.IsDue(recheck - 1), "an unchanged reading is not looked at on every sample");
            Assert.IsTrue(reading.IsDue(recheck));

            reading.Offer(recheck, double.NaN);
            Assert.AreEqual(2, stream.PointsAppended, "losing the reading is a change (sent as null)");
            Assert.IsFalse(reading.IsDue(recheck + ReadingStream.IntervalMilliseconds - 1));
            reading.Offer(recheck + ReadingStream.IntervalMilliseconds, double.NaN);
            Assert.AreEqual(2, stream.PointsAppended, "still no reading: nothing more sent");
            Assert.IsTrue(reading.IsDue(recheck + ReadingStream.IntervalMilliseconds + ReadingStream.RecheckMilliseconds));
        }
    }
}
