using System;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Tests.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Pipeline
{
    /// <summary>
    /// The processing loop's body end to end on the host: a synthetic finger at a known rate goes through the ring
    /// buffer, the estimator and the streams onto recording transports, as the sampling, processing and stream threads drive it.
    /// </summary>
    [TestClass]
    public class PulsePipelineTests
    {
        private const int SampleRateHertz = 100;
        private const int StepMilliseconds = 10;
        private const int SimulatedSeconds = 40;

        [TestMethod]
        public static void AFingerAt75BpmReachesAllThreeStreams()
        {
            var rig = new Rig(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75.0 }, true);
            rig.Run(SimulatedSeconds);

            int waveformPoints = rig.Pulse.PointsAppended;
            Assert.IsTrue(waveformPoints <= PulsePipeline.MaximumWaveformPointsPerSecond * SimulatedSeconds, waveformPoints.ToString() + " waveform points: more than 20 per second");
            Assert.IsTrue(waveformPoints >= (PulsePipeline.MaximumWaveformPointsPerSecond - 1) * SimulatedSeconds, waveformPoints.ToString() + " waveform points: the decimated wave has gaps");
            Assert.AreEqual(SampleRateHertz * SimulatedSeconds, rig.Pipeline.SamplesProcessed, "every sample the buffer held was processed");

            Assert.IsTrue(rig.Pipeline.Estimator.HasHeartRate, "the estimator has a heart rate after 40 s");
            string lastHeartRate = LastValue(rig.HeartRateTransport.Current.Text);
            Assert.AreEqual(rig.HeartRateWhenSent, lastHeartRate, "the last heart-rate point sent is the estimator's value when it was sent");
            int bpm = int.Parse(lastHeartRate);
            Assert.IsTrue(bpm >= 73 && bpm <= 77, "heart rate " + lastHeartRate + " for a 75 bpm finger");

            Assert.IsTrue(rig.Pipeline.Estimator.HasOxygenSaturation, "the estimator has SpO2 after 40 s");
            Assert.AreEqual(rig.OxygenSaturationWhenSent, LastValue(rig.OxygenTransport.Current.Text), "the last SpO2 point sent is the estimator's value when it was sent");
            // 50 beats in 40 s: on change means at most about one point a beat, against 4000 samples.
            Assert.IsTrue(rig.HeartRate.PointsAppended <= 60, rig.HeartRate.PointsAppended.ToString() + " heart-rate points: sent on change, not per sample");
        }

        [TestMethod]
        public static void HeartRateVariabilityIsStreamedOnceHalfAMinuteOfBeatsIsClean()
        {
            var rig = new Rig(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75.0 }, true);
            rig.Run(20);
            Assert.IsFalse(rig.Pipeline.Estimator.HasHeartRateVariability, "no reading before 30 s of clean intervals");
            Assert.AreEqual("null", LastValue(rig.RmssdTransport.Current.Text), "no RMSSD reading is sent as null");

            rig.Run(50);
            Assert.IsTrue(rig.Pipeline.Estimator.HasHeartRateVariability, "a reading after 70 s");
            // A reading goes out at most every ReadingStream.IntervalMilliseconds, so the last point may be up to that old.
            Assert.AreEqual(rig.RmssdWhenSent, LastValue(rig.RmssdTransport.Current.Text), "the last RMSSD point is the estimator's when it was sent");
            Assert.AreEqual(rig.SdnnWhenSent, LastValue(rig.SdnnTransport.Current.Text), "the last SDNN point is the estimator's when it was sent");
            Assert.AreNotEqual("null", rig.RmssdWhenSent, "the last RMSSD point is a number");
            Assert.IsTrue(rig.Rmssd.PointsAppended <= 70 / 4 + 2, rig.Rmssd.PointsAppended.ToString() + " RMSSD points: at most one per 4 s");
        }

        [TestMethod]
        public static void ASensorWithoutRedStreamsNoSpO2()
        {
            var rig = new Rig(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75.0 }, false);
            rig.Run(SimulatedSeconds);

            Assert.IsTrue(rig.HeartRate.PointsAppended > 0, "heart rate comes from infrared alone");
            Assert.AreEqual(0, rig.OxygenSaturation.PointsAppended, "no red channel, no SpO2");
        }

        [TestMethod]
        public static void ALiftedFingerSendsNullAndStopsTheWave()
        {
            var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75.0, FingerOffStartSeconds = 30.0, FingerOffDurationSeconds = 20.0 };
            var rig = new Rig(settings, true);
            rig.Run(SimulatedSeconds);

            Assert.IsFalse(rig.Pipeline.IsFingerPresent, "the finger was lifted at 30 s");
            Assert.AreEqual("null", LastValue(rig.HeartRateTransport.Current.Text), "no reading is sent as null, not as the last number");
            Assert.IsTrue(rig.HeartRateTransport.Current.Text.IndexOf("\"y\":7") > 0, "before that, numbers were sent");

            // The wave stops with the finger (a flat line says nothing; the idle stream lives on heartbeats).
            int waveformPoints = rig.Pulse.PointsAppended;
            Assert.IsTrue(waveformPoints <= PulsePipeline.MaximumWaveformPointsPerSecond * 33, waveformPoints.ToString() + " waveform points: the wave went on after the finger left at 30 s");
            Assert.IsTrue(waveformPoints >= PulsePipeline.MaximumWaveformPointsPerSecond * 25, waveformPoints.ToString() + " waveform points: too few while the finger was there");
        }

        [TestMethod]
        public static void WhenTheSamplesStopTheReadingsEndInsteadOfStandingAtTheirLastValues()
        {
            // A sensor that fails gives no samples at all, not a flat signal: nothing reaches the estimator to expire its
            // readings, so the plot and the log showed the last heart rate for as long as the sensor stayed away.
            var rig = new Rig(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 75.0 }, true);
            rig.Run(70);
            Assert.IsTrue(rig.Pipeline.Estimator.HasHeartRate && rig.Pipeline.Estimator.HasHeartRateVariability, "readings before the sensor stops");
            Assert.AreNotEqual("null", LastValue(rig.HeartRateTransport.Current.Text));

            rig.RunWithoutSamples(PulsePipeline.SilentSensorMilliseconds - 100);
            Assert.IsFalse(rig.Pipeline.SamplesStopped, "a pause shorter than the limit is not yet a stopped sensor");
            Assert.IsTrue(rig.Pipeline.Estimator.HasHeartRate);

            rig.RunWithoutSamples(200);
            Assert.IsTrue(rig.Pipeline.SamplesStopped);
            Assert.IsFalse(rig.Pipeline.Estimator.HasHeartRate, "no heart rate without samples");
            Assert.IsFalse(rig.Pipeline.Estimator.HasHeartRateVariability, "no RMSSD without samples");
            Assert.AreEqual("null", LastValue(rig.HeartRateTransport.Current.Text), "heart rate ends with a null on the plot");
            Assert.AreEqual("null", LastValue(rig.OxygenTransport.Current.Text), "SpO2 too");
            Assert.AreEqual("null", LastValue(rig.RmssdTransport.Current.Text), "RMSSD too");
            Assert.AreEqual("null", LastValue(rig.SdnnTransport.Current.Text), "SDNN too");
            int heartRatePoints = rig.HeartRate.PointsAppended;

            rig.RunWithoutSamples(60000);
            Assert.AreEqual(heartRatePoints, rig.HeartRate.PointsAppended, "once per silence, not a null per pass");

            rig.Run(20);
            Assert.IsFalse(rig.Pipeline.SamplesStopped, "samples again");
            Assert.IsTrue(rig.Pipeline.Estimator.HasHeartRate, "a heart rate again once the samples return");
            Assert.AreNotEqual("null", LastValue(rig.HeartRateTransport.Current.Text));
        }

        [TestMethod]
        public static void ABacklogIsWorkedOffInBoundedPasses()
        {
            var rig = new Rig(new SyntheticPpgSettings(), true);
            rig.Fill(250);

            Assert.AreEqual(100, rig.Pipeline.ProcessWaitingSamples(100), "one pass takes at most what it is allowed");
            Assert.AreEqual(100, rig.Pipeline.ProcessWaitingSamples(100));
            Assert.AreEqual(50, rig.Pipeline.ProcessWaitingSamples(100));
            Assert.AreEqual(0, rig.Pipeline.ProcessWaitingSamples(100), "then the buffer is empty");
            Assert.AreEqual(250, rig.Pipeline.SamplesProcessed);
        }

        private static int Round(float value)
        {
            return (int)(value + 0.5f);
        }

        // A reading as its stream writes it: a whole number (decimals 0), or null for no reading.
        private static string Reading(bool has, float value)
        {
            return has ? Round(value).ToString() : "null";
        }

        // The value of the last "y" the stream wrote (the newest of a window): a number or null.
        private static string LastValue(string text)
        {
            int start = text.LastIndexOf("\"y\":");
            Assert.IsTrue(start >= 0, "the stream wrote at least one point");
            start += 4;
            if (start < text.Length && text[start] == '[')
            {
                // A window (after a connect): its last element is the newest value.
                int close = text.IndexOf(']', start);
                start = text.LastIndexOf(',', close) > start ? text.LastIndexOf(',', close) + 1 : start + 1;
            }

            int end = start;
            while (end < text.Length && text[end] != '}' && text[end] != ',' && text[end] != ']')
            {
                end++;
            }

            return text.Substring(start, end - start);
        }

        /// <summary>A pipeline over a synthetic sensor, three streams on recording transports, and a manual clock.</summary>
        private sealed class Rig
        {
            private readonly ManualClock _clock = new ManualClock(0);
            private readonly SampleRingBuffer _buffer = new SampleRingBuffer(256);
            private readonly SyntheticPpgGenerator _generator;
            private readonly bool _hasRed;

            public Rig(SyntheticPpgSettings settings, bool hasRed)
            {
                settings.SampleRateHz = SampleRateHertz;
                _generator = new SyntheticPpgGenerator(settings);
                _hasRed = hasRed;
                var streamSettings = new StreamSettings(new ServerAddress("192.168.1.20", 8080, false));
                PulseTransport = new RecordingTransport(_clock);
                HeartRateTransport = new RecordingTransport(_clock);
                OxygenTransport = new RecordingTransport(_clock);
                RmssdTransport = new RecordingTransport(_clock);
                SdnnTransport = new RecordingTransport(_clock);
                Pulse = new PlotStream("pulse", "pulse-token", 500, 1, streamSettings, PulseTransport, _clock, new LowestRandom());
                HeartRate = new PlotStream("heart rate", "bpm-token", 500, 0, streamSettings, HeartRateTransport, _clock, new LowestRandom());
                OxygenSaturation = new PlotStream("SpO2", "spo2-token", 500, 0, streamSettings, OxygenTransport, _clock, new LowestRandom());
                Rmssd = new PlotStream("RMSSD", "rmssd-token", 500, 0, streamSettings, RmssdTransport, _clock, new LowestRandom());
                Sdnn = new PlotStream("SDNN", "sdnn-token", 500, 0, streamSettings, SdnnTransport, _clock, new LowestRandom());
                Pipeline = new PulsePipeline(_buffer, new PulseEstimator(new PulseEstimatorSettings()), SampleRateHertz, hasRed, Pulse, HeartRate, OxygenSaturation);
                Pipeline.StreamVariability(Rmssd, Sdnn);
            }

            // The estimator's reading (rounded as the streams send it, "null" for none) when each stream last took a point.
            public string HeartRateWhenSent { get; private set; } = string.Empty;

            public string OxygenSaturationWhenSent { get; private set; } = string.Empty;

            public string RmssdWhenSent { get; private set; } = string.Empty;

            public string SdnnWhenSent { get; private set; } = string.Empty;

            public PlotStream Rmssd { get; }

            public PlotStream Sdnn { get; }

            public RecordingTransport RmssdTransport { get; }

            public RecordingTransport SdnnTransport { get; }

            public PulsePipeline Pipeline { get; }

            public PlotStream Pulse { get; }

            public PlotStream HeartRate { get; }

            public PlotStream OxygenSaturation { get; }

            public RecordingTransport PulseTransport { get; }

            public RecordingTransport HeartRateTransport { get; }

            public RecordingTransport OxygenTransport { get; }

            // As on the device: the sampler writes one sample per 10 ms, the processing loop drains and each stream's loop services it.
            public void Run(int seconds)
            {
                for (int step = 0; step < seconds * 1000 / StepMilliseconds; step++)
                {
                    Fill(1);
                    int heartRatePoints = HeartRate.PointsAppended;
                    int oxygenPoints = OxygenSaturation.PointsAppended;
                    int rmssdPoints = Rmssd.PointsAppended;
                    int sdnnPoints = Sdnn.PointsAppended;
                    Pipeline.ProcessWaitingSamples(64);
                    PulseEstimator estimator = Pipeline.Estimator;
                    HeartRateWhenSent = HeartRate.PointsAppended > heartRatePoints ? Reading(estimator.HasHeartRate, estimator.HeartRateBeatsPerMinute) : HeartRateWhenSent;
                    OxygenSaturationWhenSent = OxygenSaturation.PointsAppended > oxygenPoints ? Reading(estimator.HasOxygenSaturation, estimator.OxygenSaturationPercent) : OxygenSaturationWhenSent;
                    RmssdWhenSent = Rmssd.PointsAppended > rmssdPoints ? Reading(estimator.HasHeartRateVariability, estimator.RootMeanSquareSuccessiveDifferenceMilliseconds) : RmssdWhenSent;
                    SdnnWhenSent = Sdnn.PointsAppended > sdnnPoints ? Reading(estimator.HasHeartRateVariability, estimator.StandardDeviationOfNormalIntervalsMilliseconds) : SdnnWhenSent;
                    Pulse.Service();
                    HeartRate.Service();
                    Rmssd.Service();
                    Sdnn.Service();
                    if (_hasRed)
                    {
                        // As on the device: without a red channel there is no SpO2 stream to run (PlotLayout).
                        OxygenSaturation.Service();
                    }

                    _clock.Advance(StepMilliseconds);
                }
            }

            // As on the device while the sensor gives nothing: the processing loop finds no samples, asks the clock, and
            // the generator's time runs on with it (so the samples that come back are as late as the silence was long).
            public void RunWithoutSamples(int milliseconds)
            {
                for (int step = 0; step < milliseconds / StepMilliseconds; step++)
                {
                    _generator.Next();
                    Assert.AreEqual(0, Pipeline.ProcessWaitingSamples(64));
                    Pipeline.EndReadingsIfSilent(_clock.Milliseconds);
                    HeartRate.Service();
                    OxygenSaturation.Service();
                    Rmssd.Service();
                    Sdnn.Service();
                    _clock.Advance(StepMilliseconds);
                }
            }

            public void Fill(int samples)
            {
                for (int i = 0; i < samples; i++)
                {
                    _generator.Next();
                    int red = _hasRed ? (int)_generator.Red : 0;
                    Assert.IsTrue(_buffer.TryWrite(_generator.TimeMicroseconds / 1000, (int)_generator.Infrared, red), "the test's buffer never overflows");
                }
            }
        }
    }
}
