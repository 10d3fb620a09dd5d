using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// What the <see cref="PulseEstimator"/> needs to know about the sensor and the reading range. The defaults suit a
    /// MAX30102 delivering 18-bit counts (datasheet p.15: FIFO data bits [17:0]); other sources (a camera, an analog
    /// pulse sensor, a CSV file) change the levels. The sample rate is not a setting: it is measured from the timestamps.
    /// </summary>
    public sealed class PulseEstimatorSettings
    {
        /// <summary>Full scale of the MAX30102's 18-bit ADC (datasheet p.15), the default saturation level.</summary>
        public const float Max30102FullScaleCounts = 262143.0f;

        /// <summary>Creates the MAX30102 defaults.</summary>
        public PulseEstimatorSettings()
        {
            MinimumBeatsPerMinute = 25.0f;
            MaximumBeatsPerMinute = 240.0f;

            // "DC above about 20 % of full scale" with hysteresis (reference: max30102-and-ppg.md §3, finger detection;
            // the 20000/15000-count driver fork uses the same 4:3 on/off proportion).
            FingerOnLevel = 0.20f * Max30102FullScaleCounts;
            FingerOffLevel = 0.15f * Max30102FullScaleCounts;
            SaturationLevel = Max30102FullScaleCounts;
            MinimumSignalQualityPercent = 50;
            Calibration = OxygenSaturationCalibration.CreateMax32664Default();
        }

        /// <summary>The slowest heart rate reported (longer intervals are treated as a lost pulse). Default 25.</summary>
        public float MinimumBeatsPerMinute { get; set; }

        /// <summary>The fastest heart rate reported (sets the shortest accepted interval between beats). Default 240.</summary>
        public float MaximumBeatsPerMinute { get; set; }

        /// <summary>
        /// Infrared level (in sample units) above which a finger is taken to be on the sensor. Set it, and
        /// <see cref="FingerOffLevel"/>, to <see cref="float.MinValue"/> when the signal's level carries no such meaning.
        /// </summary>
        public float FingerOnLevel { get; set; }

        /// <summary>Infrared level below which the finger is taken to be gone; at most <see cref="FingerOnLevel"/>.</summary>
        public float FingerOffLevel { get; set; }

        /// <summary>A sample at or above this level is clipped by the converter and carries no pulse information.</summary>
        public float SaturationLevel { get; set; }

        /// <summary>
        /// False (default) for light-intensity signals such as the MAX30102's raw counts or a camera, where more blood
        /// absorbs more light and the value falls with each beat; true for signals that rise with each beat.
        /// </summary>
        public bool PulseRaisesSignal { get; set; }

        /// <summary>Below this signal quality (0..100) the estimator reports no heart rate and no SpO2. Default 50.</summary>
        public int MinimumSignalQualityPercent { get; set; }

        /// <summary>Ratio of ratios to SpO2. Default: the MAX32664 curve.</summary>
        public OxygenSaturationCalibration Calibration { get; set; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
        public void Validate()
        {
            if (!(MinimumBeatsPerMinute >= 10.0f) || !(MaximumBeatsPerMinute <= 400.0f) || !(MinimumBeatsPerMinute < MaximumBeatsPerMinute))
            {
                throw new ArgumentException("MinimumBeatsPerMinute and MaximumBeatsPerMinute must satisfy 10 <= minimum < maximum <= 400.");
            }

            if (!(FingerOffLevel <= FingerOnLevel))
            {
                throw new ArgumentException("FingerOffLevel must not exceed FingerOnLevel (the gap between them is the hysteresis).");
            }

            if (!(SaturationLevel > FingerOnLevel))
            {
                throw new ArgumentException("SaturationLevel must be above FingerOnLevel, or no valid sample could exist.");
            }

            if (MinimumSignalQualityPercent < 0 || MinimumSignalQualityPercent > 100)
            {
                throw new ArgumentException("MinimumSignalQualityPercent must be within 0..100.");
            }

            if (Calibration == null)
            {
                throw new ArgumentException("Calibration must be set; use OxygenSaturationCalibration.CreateMax32664Default() for the default curve.");
            }
        }
    }
}
