using HeartRateStreamer.Sampling;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Sampling
{
    /// <summary>
    /// The sample clock's restart when a batch and the clock's phase disagree by more than <see cref="SampleClock.ResetPolls"/>
    /// poll intervals, in either direction. 100 samples/s polled every 100 ms: the clock restarts beyond 200 ms.
    /// Two batches of 10 at 100 ms and 200 ms put the clock's next sample at 210 ms (all times in ns).
    /// </summary>
    [TestClass]
    public class SampleClockTests
    {
        private const long SampleIntervalMicroseconds = 10000;
        private const long PollIntervalMicroseconds = 100000;
        private const long NanosecondsPerMillisecond = 1000000;

        [TestMethod]
        public static void ABatchWithMoreSamplesThanTimePassedStartsTheClockAgainAtThePoll()
        {
            SampleClock clock = RunningClock();

            // 50 samples by 300 ms: the running clock would date the newest at 650 ms, 400 ms after the poll.
            long first = clock.TimeBatch(50, 0, 300000, false, 0);

            Assert.AreEqual((300 - 490) * NanosecondsPerMillisecond, first, "the newest sample dated at the poll, not in the future");
        }

        [TestMethod]
        public static void ABatchWithFewerSamplesThanTimePassedStartsTheClockAgainAtThePoll()
        {
            SampleClock clock = RunningClock();

            // 10 samples by 600 ms: the running clock would date the newest at 300 ms, 300 ms before the poll.
            long first = clock.TimeBatch(10, 0, 600000, false, 0);

            Assert.AreEqual((600 - 90) * NanosecondsPerMillisecond, first, "the newest sample dated at the poll");
        }

        [TestMethod]
        public static void ABatchExactlyTheResetDistanceAheadIsSteeredNotRestarted()
        {
            SampleClock clock = RunningClock();

            // 30 samples by 300 ms: newest at 500 ms by the clock, 200 ms after the poll: the phase moves back an eighth.
            long first = clock.TimeBatch(30, 0, 300000, false, 0);

            Assert.AreEqual((210 - 200 / SampleClock.PhaseSteeringPolls) * NanosecondsPerMillisecond, first);
        }

        [TestMethod]
        public static void ABatchExactlyTheResetDistanceBehindIsSteeredNotRestarted()
        {
            SampleClock clock = RunningClock();

            // 10 samples by 500 ms: newest at 300 ms by the clock, 200 ms before the poll: the phase moves on an eighth.
            long first = clock.TimeBatch(10, 0, 500000, false, 0);

            Assert.AreEqual((210 + 200 / SampleClock.PhaseSteeringPolls) * NanosecondsPerMillisecond, first);
        }

        // A clock whose two batches matched the polls exactly: its next sample is due at 210 ms, its interval nominal.
        private static SampleClock RunningClock()
        {
            var clock = new SampleClock(SampleIntervalMicroseconds, PollIntervalMicroseconds, false);
            Assert.AreEqual(10 * NanosecondsPerMillisecond, clock.TimeBatch(10, 0, 100000, false, 0), "dated back from the first poll");
            Assert.AreEqual(110 * NanosecondsPerMillisecond, clock.TimeBatch(10, 0, 200000, false, 0), "on from the first batch");
            Assert.AreEqual(SampleIntervalMicroseconds * 1000, clock.IntervalNanoseconds, "no distance, nothing steered");
            return clock;
        }
    }
}
