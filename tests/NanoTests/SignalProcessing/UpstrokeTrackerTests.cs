using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Rises reported with their amplitude and steepest-slope time; wiggles below the hysteresis ignored.</summary>
    [TestClass]
    public class UpstrokeTrackerTests
    {
        [TestMethod]
        public static void ASmoothRiseIsReportedAtItsSteepestPointWithSubSampleTiming()
        {
            // A raised-cosine rise from 0 to 10 over 0.2 s starting at 1.0 s, steepest at 1.1 s; 40 ms samples whose
            // grid misses 1.1 s by 13 ms, so the parabola has to find it.
            var tracker = new UpstrokeTracker();
            bool reported = false;
            for (long time = 7000; time < 2000000; time += 40000)
            {
                if (tracker.Update(time, RaisedCosineStep(time, 1000000, 200000, 10.0f), 1.0f))
                {
                    reported = true;
                }
            }

            Assert.IsFalse(reported, "a rise that never falls back is not complete");
            for (long time = 2007000; time < 2400000; time += 40000)
            {
                if (tracker.Update(time, 10.0f - RaisedCosineStep(time, 2000000, 200000, 10.0f), 1.0f))
                {
                    reported = true;
                    break;
                }
            }

            Assert.IsTrue(reported, "the rise is reported once the wave fell by the hysteresis");
            SignalAssert.Near(10.0, tracker.CandidateAmplitude, 0.2, "trough-to-peak amplitude");
            SignalAssert.Near(1100000.0, tracker.CandidateTimeMicroseconds, 5000.0, "steepest point");
        }

        [TestMethod]
        public static void WigglesSmallerThanTheHysteresisDoNotSplitARise()
        {
            var tracker = new UpstrokeTracker();
            float[] wave = { 0f, 0f, 2f, 4f, 3.6f, 6f, 8f, 7.7f, 10f, 10f, 8f, 5f, 2f, 0f };
            int reports = 0;
            for (int i = 0; i < wave.Length; i++)
            {
                if (tracker.Update(i * 10000, wave[i], 1.0f))
                {
                    reports++;
                    SignalAssert.Near(10.0, tracker.CandidateAmplitude, 0.0001, "the whole rise, dips of 0.4 and 0.3 included");
                }
            }

            Assert.AreEqual(1, reports, "one rise");
        }

        [TestMethod]
        public static void ExcursionShowsHowFarTheWaveHasMoved()
        {
            var tracker = new UpstrokeTracker();
            tracker.Update(0, 0.0f, 1.0f);
            tracker.Update(10000, -1.0f, 1.0f);
            tracker.Update(20000, 5.0f, 1.0f);

            SignalAssert.Near(6.0, tracker.CurrentExcursion, 0.0001, "rise from the trough at -1");
        }

        // A crest 0.75 s broad at 400 samples/s: 300 samples, more than the 256 the tracker keeps. When the rise completes
        // its peak and half-height crossing have left the kept samples (reading them read a wrong slot or threw), so the
        // crossing time is the steepest slope's, on the ramp; the next rise, held whole, is timed at its own crossing.
        [TestMethod]
        public static void ARiseWhosePeakHasLeftTheKeptSamplesIsTimedAtItsSteepestSlope()
        {
            const long SampleMicroseconds = 2500;
            var tracker = new UpstrokeTracker();
            int sample = 0;
            for (; sample < 532; sample++)
            {
                Assert.IsFalse(tracker.Update(sample * SampleMicroseconds, Crest(sample, 199, 531), 0.1f), "no rise completes before the fall, sample " + sample.ToString());
            }

            Assert.IsTrue(tracker.Update(sample * SampleMicroseconds, Crest(sample, 199, 531), 0.1f), "the fall at sample 532 completes the rise");
            SignalAssert.Near(1.0, tracker.CandidateAmplitude, 0.0001, "the broad rise's amplitude");
            long broad = tracker.RiseCrossingTimeMicroseconds(0.5f);
            Assert.AreEqual(tracker.CandidateTimeMicroseconds, broad, "the crossing is no longer held: the steepest slope's time");
            Assert.IsTrue(broad >= 199 * SampleMicroseconds && broad <= 231 * SampleMicroseconds, "on the ramp (samples 199..231), got " + broad.ToString());

            bool completed = false;
            for (sample++; sample <= 642 && !completed; sample++)
            {
                completed = tracker.Update(sample * SampleMicroseconds, Crest(sample, 599, 641), 0.1f);
            }

            Assert.IsTrue(completed, "the second rise completes at its fall");
            SignalAssert.Near(615 * SampleMicroseconds, tracker.RiseCrossingTimeMicroseconds(0.5f), SampleMicroseconds, "the second rise's half height, at sample 615");
        }

        // 0 up to rampStart, then a ramp of 1/32 per sample up to 1.0, held until crestEnd, then 0 again.
        private static float Crest(int sample, int rampStart, int crestEnd)
        {
            if (sample <= rampStart || sample > crestEnd)
            {
                return 0.0f;
            }

            float ramp = (sample - rampStart) / 32.0f;
            return ramp < 1.0f ? ramp : 1.0f;
        }

        private static float RaisedCosineStep(long time, long start, long duration, float height)
        {
            if (time <= start)
            {
                return 0.0f;
            }

            if (time >= start + duration)
            {
                return height;
            }

            double phase = (double)(time - start) / duration;
            return (float)(height * 0.5 * (1.0 - Cosine(HeartRateStreamer.Simulation.Ppg.WaveMath.Pi * phase)));
        }

        private static double Cosine(double radians)
        {
            return HeartRateStreamer.Simulation.Ppg.WaveMath.Sine(radians + HeartRateStreamer.Simulation.Ppg.WaveMath.Pi / 2.0);
        }
    }
}
