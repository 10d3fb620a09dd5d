namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// Follows the samples of an <see cref="IndexedWaveform"/> as the driver delivers them: recovers each sample's
    /// conversion index from its infrared value, checks both channels against that index, and records duplicates,
    /// reordering and gaps. Indices wrap at 2^15 in the values; the checker unwraps them.
    /// </summary>
    internal sealed class SequenceChecker
    {
        private readonly int _shift;

        /// <summary>Creates a checker for samples right-aligned by <paramref name="shift"/> bits (18 minus the resolution).</summary>
        public SequenceChecker(int shift)
        {
            _shift = shift;
            FirstProblem = string.Empty;
        }

        /// <summary>The index of the last sample seen (0 before the first).</summary>
        public long LastIndex { get; private set; }

        public int ReceivedCount { get; private set; }

        /// <summary>Samples skipped between consecutive deliveries, summed.</summary>
        public int GapTotal { get; private set; }

        /// <summary>How far the first sample of the latest non-empty batch moved the index (1 = no gap).</summary>
        public long FirstDeltaOfLastBatch { get; private set; }

        /// <summary>The first wrong value, duplicate or reordering, described; empty while all is well.</summary>
        public string FirstProblem { get; private set; }

        public void Check(int[] red, int[] infrared, int count)
        {
            for (int index = 0; index < count; index++)
            {
                int recovered = IndexedWaveform.IndexOfInfrared(infrared[index] << _shift);
                long delta = (recovered - (LastIndex & IndexedWaveform.IndexMask)) & IndexedWaveform.IndexMask;
                long sampleIndex = LastIndex + delta;
                if (index == 0)
                {
                    FirstDeltaOfLastBatch = delta;
                }

                if (delta == 0)
                {
                    Problem("sample " + sampleIndex + " arrived twice (or out of order)");
                }

                if (infrared[index] != IndexedWaveform.InfraredOf(sampleIndex) >> _shift)
                {
                    Problem("infrared of sample " + sampleIndex + " is " + infrared[index]);
                }

                if (red[index] != IndexedWaveform.RedOf(sampleIndex) >> _shift)
                {
                    Problem("red of sample " + sampleIndex + " is " + red[index] + ", expected " + (IndexedWaveform.RedOf(sampleIndex) >> _shift));
                }

                GapTotal += (int)(delta - 1);
                LastIndex = sampleIndex;
                ReceivedCount++;
            }
        }

        private void Problem(string description)
        {
            if (FirstProblem.Length == 0)
            {
                FirstProblem = description;
            }
        }
    }
}
