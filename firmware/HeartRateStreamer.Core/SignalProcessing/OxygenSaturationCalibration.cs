using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// Turns the red/infrared ratio of ratios R into SpO2 with a quadratic SpO2 = A·R² + B·R + C, valid for R within
    /// [<see cref="MinimumRatio"/>, <see cref="MaximumRatio"/>]. Each sensor, LED pair and enclosure needs its own
    /// coefficients, found against a reference oximeter (Maxim AN6845 describes the procedure).
    /// </summary>
    public sealed class OxygenSaturationCalibration
    {
        /// <summary>
        /// The MAX32664A example calibration: A = 1.5958422, B = −34.6596622, C = 112.6898759
        /// (Maxim UG7087 p.13, attributed to AN6845 Table 1 for a MAX30101/MAX30102 without optical shield).
        /// The valid range 0.02 &lt; R &lt; 1.84 is the one Maxim's RD117 lookup table covers (spo2_algorithm.h).
        /// </summary>
        public static OxygenSaturationCalibration CreateMax32664Default()
        {
            return new OxygenSaturationCalibration(1.5958422f, -34.6596622f, 112.6898759f, 0.02f, 1.84f);
        }

        /// <summary>Creates a calibration SpO2 = <paramref name="quadratic"/>·R² + <paramref name="linear"/>·R + <paramref name="constant"/>.</summary>
        public OxygenSaturationCalibration(float quadratic, float linear, float constant, float minimumRatio, float maximumRatio)
        {
            if (!(minimumRatio > 0.0f) || !(maximumRatio > minimumRatio))
            {
                throw new ArgumentOutOfRangeException(nameof(maximumRatio), "The calibration needs 0 < minimum ratio < maximum ratio.");
            }

            Quadratic = quadratic;
            Linear = linear;
            Constant = constant;
            MinimumRatio = minimumRatio;
            MaximumRatio = maximumRatio;
        }

        /// <summary>A, the coefficient of R².</summary>
        public float Quadratic { get; }

        /// <summary>B, the coefficient of R.</summary>
        public float Linear { get; }

        /// <summary>C, the constant term.</summary>
        public float Constant { get; }

        /// <summary>The smallest ratio of ratios the curve is valid for.</summary>
        public float MinimumRatio { get; }

        /// <summary>The largest ratio of ratios the curve is valid for.</summary>
        public float MaximumRatio { get; }

        /// <summary>Whether <paramref name="ratio"/> lies in the range the curve was fitted for.</summary>
        public bool Covers(float ratio)
        {
            return ratio >= MinimumRatio && ratio <= MaximumRatio;
        }

        /// <summary>SpO2 in percent for <paramref name="ratio"/>, limited to 0..100 (a saturation cannot exceed 100 %).</summary>
        public float ToPercent(float ratio)
        {
            float percent = (Quadratic * ratio + Linear) * ratio + Constant;
            if (percent > 100.0f)
            {
                return 100.0f;
            }

            return percent < 0.0f ? 0.0f : percent;
        }
    }
}
