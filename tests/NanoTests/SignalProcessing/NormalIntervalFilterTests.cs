using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Intervals sorted into normal ones and those of missed, extra and ectopic beats, one beat late.</summary>
    [TestClass]
    public class NormalIntervalFilterTests
    {
        [TestMethod]
        public static void BreathingSwingsAreNormal()
        {
            // 800 ms ± 15 % with breathing (sinus arrhythmia): every interval after the first two is normal.
            float[] intervals = { 800f, 840f, 880f, 910f, 920f, 900f, 860f, 810f, 760f, 720f, 700f, 690f, 710f, 750f, 800f, 850f };
            NormalIntervalFilter filter = Feed(intervals, intervals.Length);

            Assert.AreEqual(intervals.Length - 1, filter.DecidedCount, "every interval but the newest decided");
            Assert.AreEqual(intervals.Length - 2, filter.NormalCount, "all normal but the first, which had too few neighbours to judge");
            Assert.AreEqual(1, filter.IrregularCount, "the first one");
            Assert.AreEqual(1, filter.CorrectedCount, "nothing else marked");
        }

        [TestMethod]
        public static void AMissedBeatIsMarkedNotPassedOn()
        {
            float[] intervals = { 800f, 810f, 790f, 805f, 795f, 800f, 1605f, 800f, 810f, 795f };
            var filter = new NormalIntervalFilter();
            long time = 0;
            int longDecided = 0;
            int afterDecided = 0;
            for (int i = 0; i < intervals.Length; i++)
            {
                time += (long)(intervals[i] * 1000.0f);
                if (filter.Add(time, intervals[i], true) && filter.DecidedMilliseconds == 1605f)
                {
                    longDecided++;
                    Assert.AreEqual((int)IntervalKind.MissedBeat, (int)filter.DecidedKind, "the long interval spans a missed beat");
                }

                if (filter.HasDecision && filter.DecidedMilliseconds == 800f && i == 8)
                {
                    afterDecided++;
                    Assert.IsFalse(filter.DecidedFollowsNormal, "no successive difference across the missed beat");
                }
            }

            Assert.AreEqual(1, longDecided, "the long interval was decided once");
            Assert.AreEqual(1, afterDecided, "the interval after it was decided when the next one came");
            Assert.AreEqual(1, filter.MissedBeatCount, "one missed beat");
            Assert.AreEqual(0, filter.ExtraBeatCount + filter.EctopicCount, "nothing else");
        }

        [TestMethod]
        public static void AnExtraBeatMarksBothHalves()
        {
            float[] intervals = { 800f, 810f, 790f, 805f, 795f, 300f, 505f, 800f, 810f };
            NormalIntervalFilter filter = Feed(intervals, intervals.Length);

            Assert.AreEqual(2, filter.ExtraBeatCount, "300 + 505 ms make one interval: both halves marked");
            Assert.AreEqual(0, filter.MissedBeatCount + filter.EctopicCount, "nothing else");
        }

        [TestMethod]
        public static void AnExtraBeatIsMarkedAsSoonAsThreeIntervalsAreKnown()
        {
            // 200 + 600 ms make the 800 ms interval: the 200 ms one is decided when the 600 ms one comes, the three known
            // intervals besides it (800, 810, 600 ms) being the fewest a pattern is judged against.
            float[] intervals = { 800f, 810f, 200f, 600f, 790f, 805f };
            NormalIntervalFilter filter = Feed(intervals, intervals.Length);

            Assert.AreEqual(2, filter.ExtraBeatCount, "both halves marked");
            Assert.AreEqual(0, filter.MissedBeatCount + filter.EctopicCount, "nothing else");
            Assert.AreEqual(2, filter.NormalCount, "810 and 790 ms");
            Assert.AreEqual(1, filter.IrregularCount, "the first one, which had too few neighbours to judge");
        }

        [TestMethod]
        public static void TwoIntervalsAloneAreTooFewForABeatPattern()
        {
            // Of two intervals the median is their mean, so any short and long pair adds up to two expected ones:
            // 300 + 1000 ms would read as an ectopic beat. Nothing is called a pattern before a third interval is known.
            float[] intervals = { 300f, 1000f, 800f, 810f, 790f };
            NormalIntervalFilter filter = Feed(intervals, intervals.Length);

            Assert.AreEqual(0, filter.EctopicCount + filter.ExtraBeatCount, "no pattern from two intervals");
            Assert.AreEqual(2, filter.IrregularCount, "300 and 1000 ms");
        }

        [TestMethod]
        public static void AnEctopicBeatAndItsCompensatoryPauseAreMarked()
        {
            // A premature beat at 60 % of the interval and a full compensatory pause: 480 + 1120 = 2 × 800 ms.
            float[] intervals = { 800f, 810f, 790f, 805f, 795f, 480f, 1120f, 800f, 810f, 790f };
            NormalIntervalFilter filter = Feed(intervals, intervals.Length);

            Assert.AreEqual(2, filter.EctopicCount, "the premature interval and the pause");
            Assert.AreEqual(0, filter.MissedBeatCount + filter.ExtraBeatCount, "nothing else");
            Assert.AreEqual(filter.DecidedCount - 3, filter.NormalCount, "the rest normal (the first is unjudged)");
        }

        [TestMethod]
        public static void ANewRateIsAcceptedWithinHalfTheWindow()
        {
            // 800 ms, then 500 ms for good (75 → 120 bpm): marked at first, normal once the median has moved.
            float[] intervals = new float[30];
            for (int i = 0; i < intervals.Length; i++)
            {
                intervals[i] = i < 10 ? 800f : 500f;
            }

            var filter = new NormalIntervalFilter();
            long time = 0;
            int lastMarked = -1;
            for (int i = 0; i < intervals.Length; i++)
            {
                time += (long)(intervals[i] * 1000.0f);
                if (filter.Add(time, intervals[i], true) && filter.DecidedKind != IntervalKind.Normal)
                {
                    lastMarked = i - 1;
                }
            }

            Assert.IsTrue(lastMarked >= 10 && lastMarked <= 15, "the jump to the new rate is marked, and the new rate is normal by its sixth interval; last marked: " + lastMarked.ToString());
            Assert.AreEqual(intervals.Length - 1, filter.DecidedCount, "every interval but the newest decided");
        }

        [TestMethod]
        public static void AnIntervalClosedByAnUnclearBeatIsMarkedThoughItFits()
        {
            var filter = new NormalIntervalFilter();
            long time = 0;
            float[] intervals = { 800f, 810f, 790f, 805f, 795f, 800f, 810f };
            int unclearDecided = 0;
            for (int i = 0; i < intervals.Length; i++)
            {
                time += (long)(intervals[i] * 1000.0f);
                if (filter.Add(time, intervals[i], i != 4) && filter.DecidedMilliseconds == 795f)
                {
                    unclearDecided++;
                    Assert.AreEqual((int)IntervalKind.Unclear, (int)filter.DecidedKind, "795 ms fits, but its closing beat was unclear");
                }
            }

            Assert.AreEqual(1, unclearDecided, "the 795 ms interval was decided once");

            Assert.AreEqual(1, filter.UnclearCount, "one unclear interval");
            Assert.IsFalse(filter.DecidedFollowsNormal, "the interval after it follows no NN interval");
        }

        [TestMethod]
        public static void ABreakDecidesTheWaitingIntervalAndStartsAChain()
        {
            NormalIntervalFilter filter = Feed(new float[] { 800f, 810f, 790f, 805f }, 4);
            Assert.IsTrue(filter.Break(), "the waiting 805 ms is decided");
            Assert.AreEqual((int)IntervalKind.Normal, (int)filter.DecidedKind, "805 ms is normal");

            filter.Add(10000000, 800f, true);
            filter.Add(10800000, 800f, true);
            Assert.AreEqual((int)IntervalKind.Normal, (int)filter.DecidedKind, "after the break");
            Assert.IsFalse(filter.DecidedFollowsNormal, "the first interval after a break follows nothing");
        }

        private static NormalIntervalFilter Feed(float[] intervals, int count)
        {
            var filter = new NormalIntervalFilter();
            long time = 0;
            for (int i = 0; i < count; i++)
            {
                time += (long)(intervals[i] * 1000.0f);
                filter.Add(time, intervals[i], true);
            }

            return filter;
        }
    }
}
