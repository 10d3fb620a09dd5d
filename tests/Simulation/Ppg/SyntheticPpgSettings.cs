namespace HeartRateStreamer.Simulation.Ppg
{
    /// <summary>
    /// What the <see cref="SyntheticPpgGenerator"/> should produce. Amplitudes of wander, noise and motion are given
    /// relative to the infrared pulse amplitude (AC), so a scenario means the same at any light level. Times are in
    /// seconds from the first sample; a negative start time switches the event off. Defaults: a clean 60 bpm pulse at
    /// 100 samples/s with a moderate dicrotic wave and 3 % respiratory heart-rate variability, MAX30102-like levels.
    /// </summary>
    public sealed class SyntheticPpgSettings
    {
        /// <summary>The MAX30102's 18-bit full scale (datasheet p.15): samples are clipped to 0..this.</summary>
        public const double Max30102FullScaleCounts = 262143.0;

        /// <summary>Creates the defaults.</summary>
        public SyntheticPpgSettings()
        {
            SampleRateHz = 100.0;
            HeartRateBeatsPerMinute = 60.0;
            RateStepTimeSeconds = -1.0;
            SteppedHeartRateBeatsPerMinute = 60.0;
            RespiratoryVariabilityFraction = 0.03;
            BeatJitterFraction = 0.01;
            BreathingRateHz = 0.25;
            DicroticWaveRatio = 0.4;
            InfraredLevelCounts = 120000.0;
            RedLevelCounts = 90000.0;
            PerfusionIndex = 0.015;
            RatioOfRatios = 0.6;
            MotionStartSeconds = -1.0;
            MotionDurationSeconds = 3.0;
            MotionRatio = 10.0;
            PulseAfterMotionRatio = 1.0;
            FingerOffStartSeconds = -1.0;
            FingerOffDurationSeconds = 3.0;
            AmbientLevelCounts = 1000.0;
            FullScaleCounts = Max30102FullScaleCounts;
            Seed = 1;
            EctopicBeatNumber = -1;
            EctopicPrematurityFraction = 0.6;
            EctopicAmplitudeRatio = 0.6;
            WeakBeatNumber = -1;
            WeakBeatAmplitudeRatio = 0.05;
        }

        /// <summary>Nominal samples per second.</summary>
        public double SampleRateHz { get; set; }

        /// <summary>Each sample interval varies uniformly by ± this share of the nominal interval (0 = regular).</summary>
        public double TimestampJitterFraction { get; set; }

        /// <summary>Mean heart rate (before any step).</summary>
        public double HeartRateBeatsPerMinute { get; set; }

        /// <summary>When the rate jumps to <see cref="SteppedHeartRateBeatsPerMinute"/>; negative for no step.</summary>
        public double RateStepTimeSeconds { get; set; }

        /// <summary>Mean heart rate after the step.</summary>
        public double SteppedHeartRateBeatsPerMinute { get; set; }

        /// <summary>Respiratory sinus arrhythmia: beat intervals swing by ± this share with breathing.</summary>
        public double RespiratoryVariabilityFraction { get; set; }

        /// <summary>
        /// Respiratory-induced amplitude variation: each beat's pulse height is × (1 + this × sin(breathing phase at its
        /// onset)), in phase with the interval's swing (<see cref="RespiratoryVariabilityFraction"/>): on inspiration the
        /// heart quickens and its stroke volume falls, so the shortest intervals carry the smallest pulses (Charlton et
        /// al., IEEE Rev. Biomed. Eng. 11, 2018). 0 (default) for none; within [0, 1).
        /// </summary>
        public double RespiratoryAmplitudeFraction { get; set; }

        /// <summary>
        /// How far the pulse's size swing (<see cref="RespiratoryAmplitudeFraction"/>) lags the interval's, in breaths:
        /// 0 (default) in phase, 0.25 a quarter breath late. At a finger the phase between the two is not fixed; within
        /// [0, 1).
        /// </summary>
        public double RespiratoryAmplitudeLagBreaths { get; set; }

        /// <summary>Random beat-to-beat variation of the interval (standard deviation as a share of it).</summary>
        public double BeatJitterFraction { get; set; }

        /// <summary>Breathing rate, which drives the heart-rate variability, the pulse's size and the baseline wander.</summary>
        public double BreathingRateHz { get; set; }

        /// <summary>Height of the dicrotic (second) wave relative to the systolic peak; 0.6 or more is a strong notch.</summary>
        public double DicroticWaveRatio { get; set; }

        /// <summary>Infrared DC level with a finger on the sensor.</summary>
        public double InfraredLevelCounts { get; set; }

        /// <summary>Red DC level with a finger on the sensor.</summary>
        public double RedLevelCounts { get; set; }

        /// <summary>Infrared AC / DC (the pulse's share of the light; 0.015 = 1.5 %).</summary>
        public double PerfusionIndex { get; set; }

        /// <summary>
        /// An object with no pulse on the sensor (a lifeless finger model, a fingertip pressed white): the same levels,
        /// wander and noise (still scaled by the AC the pulse would have had), but no beats in the light.
        /// </summary>
        public bool PulseAbsent { get; set; }

        /// <summary>(AC_red / DC_red) / (AC_ir / DC_ir) that the red channel is built with.</summary>
        public double RatioOfRatios { get; set; }

        /// <summary>Respiratory baseline wander amplitude relative to the infrared AC (both channels, proportional to DC).</summary>
        public double WanderRatio { get; set; }

        /// <summary>White noise standard deviation relative to the infrared AC (the same counts on both channels).</summary>
        public double NoiseRatio { get; set; }

        /// <summary>Start of a motion burst; negative for none.</summary>
        public double MotionStartSeconds { get; set; }

        /// <summary>Length of the motion burst.</summary>
        public double MotionDurationSeconds { get; set; }

        /// <summary>Motion amplitude relative to the infrared AC.</summary>
        public double MotionRatio { get; set; }

        /// <summary>
        /// The pulse's height after the motion burst relative to before it: moving the finger changes its contact
        /// pressure on the sensor, and with it the pulse's size.
        /// </summary>
        public double PulseAfterMotionRatio { get; set; }

        /// <summary>When the finger is lifted; negative for never.</summary>
        public double FingerOffStartSeconds { get; set; }

        /// <summary>How long the finger stays off before it is put back.</summary>
        public double FingerOffDurationSeconds { get; set; }

        /// <summary>Level of both channels with no finger (ambient light and LED leakage).</summary>
        public double AmbientLevelCounts { get; set; }

        /// <summary>Samples are clipped to 0..this (saturation).</summary>
        public double FullScaleCounts { get; set; }

        /// <summary>
        /// The beat (counted from 1 at time 0) that comes early as a premature (ectopic) beat, after
        /// <see cref="EctopicPrematurityFraction"/> of the interval, followed by a full compensatory pause (the two
        /// intervals add up to two); negative for none.
        /// </summary>
        public int EctopicBeatNumber { get; set; }

        /// <summary>How early the ectopic beat comes, as a share of the interval it interrupts.</summary>
        public double EctopicPrematurityFraction { get; set; }

        /// <summary>The ectopic beat's pulse height relative to a normal beat (less filling time, a smaller pulse).</summary>
        public double EctopicAmplitudeRatio { get; set; }

        /// <summary>The beat (counted from 1 at time 0) whose pulse barely reaches the finger; negative for none.</summary>
        public int WeakBeatNumber { get; set; }

        /// <summary>The weak beat's pulse height relative to a normal beat.</summary>
        public double WeakBeatAmplitudeRatio { get; set; }

        /// <summary>Seed of the noise, jitter and motion.</summary>
        public uint Seed { get; set; }
    }
}
