using HeartRateStreamer.Pipeline;
using HeartRateStreamer.SignalProcessing;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The estimator's reading in words, the one way the device says it: the board's serial log every few seconds (all
    /// a monitor without a network shows besides its LED) and the virtual device's status line. What is not a reading
    /// yet says so, and heart-rate variability says what it waits for, since it takes half a minute of clean beats.
    /// Built once per line from strings and whole numbers, never per sample.
    /// </summary>
    public static class ReadingText
    {
        /// <summary>
        /// "heart rate 72 bpm, SpO2 97 %, RMSSD 24 ms, SDNN 19 ms (clean beats over 96 % of the last minute), signal
        /// quality 99 %", "no finger on the sensor", or "no samples from the sensor" while it gives none;
        /// SpO2 only when the device streams it (a red channel, an SpO2 token; the virtual device drops the token for a
        /// recording without red, whose SpO2 would be the ratio of one channel with itself). RMSSD and SDNN with their
        /// tokens empty too: the estimator measures them anyway, and the log is all an offline monitor shows.
        /// </summary>
        public static string Describe(PulsePipeline pipeline)
        {
            PulseEstimator estimator = pipeline.Estimator;
            if (pipeline.SamplesStopped)
            {
                return "no samples from the sensor (the Sensor: lines say why)";
            }

            if (!estimator.IsFingerPresent)
            {
                return "no finger on the sensor";
            }

            string heartRate = estimator.HasHeartRate ? Whole(estimator.HeartRateBeatsPerMinute) + " bpm" : "not yet";
            string oxygen = !pipeline.StreamsOxygenSaturation ? ""
                : estimator.HasOxygenSaturation ? ", SpO2 " + Whole(estimator.OxygenSaturationPercent) + " %" : ", SpO2 not yet";
            return "heart rate " + heartRate + oxygen + ", " + Variability(estimator) + ", signal quality " + estimator.SignalQualityPercent.ToString() + " %";
        }

        // Reading or not, the coverage is said (the share of the last minute spanned by clean NN intervals): it is the
        // reading's quality flag, which tells a full minute from a patchy one.
        private static string Variability(PulseEstimator estimator)
        {
            string coverage = "clean beats over " + estimator.HeartRateVariabilityQualityPercent.ToString() + " % of the last minute";
            if (estimator.HasHeartRateVariability)
            {
                return "RMSSD " + Whole(estimator.RootMeanSquareSuccessiveDifferenceMilliseconds) + " ms, SDNN "
                    + Whole(estimator.StandardDeviationOfNormalIntervalsMilliseconds) + " ms (" + coverage + ")";
            }

            return "RMSSD and SDNN not yet (" + coverage + ", " + HeartRateVariabilityWindow.MinimumCoveragePercent.ToString() + " % needed)";
        }

        // In whole units, as the streams send them (PlotLayout's decimals for readings).
        private static string Whole(float value)
        {
            return ((int)(value + 0.5f)).ToString();
        }
    }
}
