using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// A synthetic finger on the estimator: each <see cref="Step"/> feeds one generated sample and records the true beat
    /// onsets and the detected beats, so tests can compare them beat by beat.
    /// </summary>
    public sealed class PulseRun
    {
        // Enough for 10 minutes at 240 bpm.
        private const int MaximumBeats = 2400;

        private readonly bool _withRed;
        private readonly SyntheticPpgSettings _ppg;

        /// <summary>Creates a run of <paramref name="ppg"/> through an estimator with <paramref name="estimator"/> settings.</summary>
        public PulseRun(SyntheticPpgSettings ppg, PulseEstimatorSettings estimator, bool withRed)
        {
            Generator = new SyntheticPpgGenerator(ppg);
            _ppg = ppg;
            Estimator = new PulseEstimator(estimator);
            _withRed = withRed;
            Onsets = new long[MaximumBeats];
            Beats = new long[MaximumBeats];
        }

        /// <summary>Creates a run with the estimator's MAX30102 defaults, feeding red and infrared.</summary>
        public PulseRun(SyntheticPpgSettings ppg)
            : this(ppg, new PulseEstimatorSettings(), true)
        {
        }

        /// <summary>The signal source, with its truth.</summary>
        public SyntheticPpgGenerator Generator { get; }

        /// <summary>The estimator under test.</summary>
        public PulseEstimator Estimator { get; }

        /// <summary>True beat onsets at or after time 0, in microseconds.</summary>
        public long[] Onsets { get; }

        /// <summary>How many entries of <see cref="Onsets"/> are filled.</summary>
        public int OnsetCount { get; private set; }

        /// <summary>Detected beat times in microseconds.</summary>
        public long[] Beats { get; }

        /// <summary>How many entries of <see cref="Beats"/> are filled.</summary>
        public int BeatCount { get; private set; }

        /// <summary>
        /// Whether each channel is fed upside down about its level (2·level − sample), so the pulse raises the signal as an
        /// analog pulse sensor's output does; the truth is unchanged.
        /// </summary>
        public bool UpsideDown { get; set; }

        /// <summary>Time of the latest sample in seconds.</summary>
        public double Seconds => Generator.TimeMicroseconds * 0.000001;

        /// <summary>Feeds one sample; returns true when the estimator committed a beat.</summary>
        public bool Step()
        {
            return Step(0.0);
        }

        /// <summary>
        /// As <see cref="Step()"/>, with the light through the finger changed by <paramref name="addedTransmission"/>
        /// (a share of each channel's level: an outside push or pull the generator does not model).
        /// </summary>
        public bool Step(double addedTransmission)
        {
            Generator.Next();
            if (Generator.BeatStarted && OnsetCount < Onsets.Length)
            {
                Onsets[OnsetCount++] = Generator.LastBeatOnsetMicroseconds;
            }

            float infrared = (float)(Generator.Infrared + addedTransmission * _ppg.InfraredLevelCounts);
            float red = (float)(Generator.Red + addedTransmission * _ppg.RedLevelCounts);
            if (UpsideDown)
            {
                infrared = (float)(2.0 * _ppg.InfraredLevelCounts) - infrared;
                red = (float)(2.0 * _ppg.RedLevelCounts) - red;
            }

            bool beat = _withRed
                ? Estimator.AddSample(Generator.TimeMicroseconds, infrared, red)
                : Estimator.AddSample(Generator.TimeMicroseconds, infrared);
            if (beat && BeatCount < Beats.Length)
            {
                Beats[BeatCount++] = Estimator.LastBeatTimeMicroseconds;
            }

            return beat;
        }

        /// <summary>Steps until the generator's time passes <paramref name="seconds"/>.</summary>
        public void RunUntil(double seconds)
        {
            while (Seconds < seconds)
            {
                Step();
            }
        }

        /// <summary>
        /// The typical delay from a true onset to the detected beat (steepest upslope, seen through the filters):
        /// the median, over detected beats after <paramref name="fromSeconds"/>, of the time since the latest onset.
        /// </summary>
        public long MedianDetectionDelayMicroseconds(double fromSeconds)
        {
            long[] delays = new long[BeatCount];
            int count = 0;
            for (int i = 0; i < BeatCount; i++)
            {
                if (Beats[i] * 0.000001 < fromSeconds)
                {
                    continue;
                }

                long latestOnset = -1;
                for (int k = 0; k < OnsetCount && Onsets[k] <= Beats[i]; k++)
                {
                    latestOnset = Onsets[k];
                }

                if (latestOnset >= 0)
                {
                    delays[count++] = Beats[i] - latestOnset;
                }
            }

            SortAscending(delays, count);
            return count > 0 ? delays[count / 2] : 0;
        }

        /// <summary>
        /// Compares beats with the truth over true beats whose expected detection lies in
        /// [<paramref name="fromSeconds"/>, <paramref name="toSeconds"/>]: each must have exactly one detected beat within
        /// half an interval of onset + typical delay. Returns a description of the first mismatch, or "" when all match.
        /// </summary>
        public string FirstBeatMismatch(double fromSeconds, double toSeconds, out int checkedBeats)
        {
            long delay = MedianDetectionDelayMicroseconds(fromSeconds);
            checkedBeats = 0;
            for (int k = 1; k < OnsetCount - 1; k++)
            {
                long expected = Onsets[k] + delay;
                if (expected * 0.000001 < fromSeconds || expected * 0.000001 > toSeconds)
                {
                    continue;
                }

                long low = expected - (Onsets[k] - Onsets[k - 1]) / 2;
                long high = expected + (Onsets[k + 1] - Onsets[k]) / 2;
                int found = 0;
                for (int i = 0; i < BeatCount; i++)
                {
                    if (Beats[i] >= low && Beats[i] < high)
                    {
                        found++;
                    }
                }

                checkedBeats++;
                if (found != 1)
                {
                    return (found == 0 ? "missed" : found.ToString() + " beats for") + " the true beat at " + (Onsets[k] / 1000).ToString() + " ms";
                }
            }

            return "";
        }

        /// <summary>
        /// Compares measured intervals with true ones after <paramref name="fromSeconds"/>: each detected beat is paired
        /// with the latest onset before it, and for consecutive beats paired with consecutive onsets the error is
        /// (beat interval − onset interval). Returns how many intervals were compared, with the largest and the RMS
        /// error in milliseconds.
        /// </summary>
        public int IntervalErrors(double fromSeconds, out double maximumMilliseconds, out double rmsMilliseconds)
        {
            maximumMilliseconds = 0.0;
            double squares = 0.0;
            int compared = 0;
            int previousOnset = -1;
            for (int i = 0; i < BeatCount; i++)
            {
                int onset = LatestOnsetIndex(Beats[i]);
                if (i > 0 && onset > 0 && onset == previousOnset + 1 && Beats[i - 1] * 0.000001 >= fromSeconds)
                {
                    double error = ((Beats[i] - Beats[i - 1]) - (Onsets[onset] - Onsets[onset - 1])) * 0.001;
                    double size = error < 0.0 ? -error : error;
                    if (size > maximumMilliseconds)
                    {
                        maximumMilliseconds = size;
                    }

                    squares += error * error;
                    compared++;
                }

                previousOnset = onset;
            }

            rmsMilliseconds = compared > 0 ? SignalMath.SquareRoot((float)(squares / compared)) : 0.0;
            return compared;
        }

        private int LatestOnsetIndex(long timeMicroseconds)
        {
            int latest = -1;
            for (int k = 0; k < OnsetCount && Onsets[k] <= timeMicroseconds; k++)
            {
                latest = k;
            }

            return latest;
        }

        /// <summary>
        /// True beats (after the first detected one, less the detection delay) that have no detected beat: the true count
        /// in the span of the detected beats minus the detected count. Negative when beats were made up.
        /// </summary>
        public int MissingBeats()
        {
            if (BeatCount == 0)
            {
                return OnsetCount;
            }

            long delay = MedianDetectionDelayMicroseconds(0.0);
            int truth = 0;
            for (int k = 0; k < OnsetCount; k++)
            {
                long expected = Onsets[k] + delay;
                if (expected > Beats[0] - 200000 && expected < Beats[BeatCount - 1] + 200000)
                {
                    truth++;
                }
            }

            return truth - BeatCount;
        }

        /// <summary>
        /// RMSSD and SDNN (n − 1) of the true intervals whose beats, seen after the detection delay, lie between the two
        /// times; the intervals next to beat number <paramref name="excludedBeatNumber"/> (1 = the first onset at or
        /// after time 0; negative for none) are left out, as an ectopic beat's are.
        /// </summary>
        public void TrueVariability(long fromMicroseconds, long toMicroseconds, int excludedBeatNumber, out double rmssd, out double sdnn)
        {
            long delay = MedianDetectionDelayMicroseconds(0.0);
            double sum = 0.0;
            int count = 0;
            double squaredDifferences = 0.0;
            int differences = 0;
            double previous = 0.0;
            bool hasPrevious = false;
            for (int k = 1; k < OnsetCount; k++)
            {
                bool inside = Onsets[k - 1] + delay >= fromMicroseconds && Onsets[k] + delay <= toMicroseconds;
                bool excluded = k == excludedBeatNumber - 1 || k == excludedBeatNumber;
                if (!inside || excluded)
                {
                    hasPrevious = false;
                    continue;
                }

                double interval = (Onsets[k] - Onsets[k - 1]) * 0.001;
                sum += interval;
                count++;
                if (hasPrevious)
                {
                    squaredDifferences += (interval - previous) * (interval - previous);
                    differences++;
                }

                previous = interval;
                hasPrevious = true;
            }

            double mean = count > 0 ? sum / count : 0.0;
            double squaredDeviations = 0.0;
            for (int k = 1; k < OnsetCount; k++)
            {
                bool inside = Onsets[k - 1] + delay >= fromMicroseconds && Onsets[k] + delay <= toMicroseconds;
                bool excluded = k == excludedBeatNumber - 1 || k == excludedBeatNumber;
                if (inside && !excluded)
                {
                    double deviation = (Onsets[k] - Onsets[k - 1]) * 0.001 - mean;
                    squaredDeviations += deviation * deviation;
                }
            }

            rmssd = differences > 0 ? SignalMath.SquareRoot((float)(squaredDifferences / differences)) : 0.0;
            sdnn = count > 1 ? SignalMath.SquareRoot((float)(squaredDeviations / (count - 1))) : 0.0;
        }

        /// <summary>The true mean heart rate from the onsets between the two times.</summary>
        public double TrueMeanBeatsPerMinute(double fromSeconds, double toSeconds)
        {
            int first = -1;
            int last = -1;
            for (int k = 0; k < OnsetCount; k++)
            {
                double seconds = Onsets[k] * 0.000001;
                if (seconds >= fromSeconds && seconds <= toSeconds)
                {
                    if (first < 0)
                    {
                        first = k;
                    }

                    last = k;
                }
            }

            return last > first ? 60000000.0 * (last - first) / (Onsets[last] - Onsets[first]) : 0.0;
        }

        private static void SortAscending(long[] values, int count)
        {
            for (int i = 1; i < count; i++)
            {
                long value = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > value)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = value;
            }
        }
    }
}
