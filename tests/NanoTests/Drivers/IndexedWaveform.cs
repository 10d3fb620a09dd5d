using HeartRateStreamer.Simulation.Max30102;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// A waveform whose values say which conversion they came from: conversion k (time × rate) gives infrared
    /// k × 8 and red (5k + 1) × 8, both modulo 2^15 × 8. The factor 8 keeps the index in the bits even a 69 µs
    /// (15-bit) pulse resolves, so a test can check every sample's order and value exactly.
    /// </summary>
    internal sealed class IndexedWaveform : IOpticalWaveform
    {
        /// <summary>The index bits a value carries: indices wrap at 2^15.</summary>
        public const int IndexMask = 0x7FFF;

        // The factor 8: the index sits above the 3 bits a 69 µs pulse does not resolve.
        private const int IndexShift = 3;

        private readonly long _samplesPerSecond;

        public IndexedWaveform(int samplesPerSecond)
        {
            _samplesPerSecond = samplesPerSecond;
        }

        public int CallCount { get; private set; }

        public void Sample(long timeMicroseconds, out int red, out int infrared)
        {
            CallCount++;
            long index = ((timeMicroseconds * _samplesPerSecond) + 500000) / 1000000;
            infrared = InfraredOf(index);
            red = RedOf(index);
        }

        /// <summary>The infrared counts (18-bit scale) of conversion <paramref name="index"/>.</summary>
        public static int InfraredOf(long index)
        {
            return (int)(index & IndexMask) << IndexShift;
        }

        /// <summary>The conversion index, modulo 2^15, that infrared counts (18-bit scale) of this waveform carry.</summary>
        public static int IndexOfInfrared(int infraredCounts)
        {
            return (infraredCounts >> IndexShift) & IndexMask;
        }

        /// <summary>The red counts (18-bit scale) of conversion <paramref name="index"/>.</summary>
        public static int RedOf(long index)
        {
            return (int)(((index * 5) + 1) & IndexMask) << IndexShift;
        }
    }
}
