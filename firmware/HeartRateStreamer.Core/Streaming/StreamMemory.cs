namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What the streams' windows take from the managed heap, and how many points each may keep in what is free. A board
    /// without PSRAM has 100-150 KB of managed heap (nanoframework-api.md §12), and <c>server.maxPoints</c> allows up
    /// to 10000: five streams of that would need 800 KB, and start-up would fail for want of memory on every boot.
    /// </summary>
    public static class StreamMemory
    {
        /// <summary>Each <see cref="PlotStream"/> holds two windows: the live one and the copy it resends from.</summary>
        public const int WindowsPerStream = 2;

        /// <summary>
        /// The windows take at most 1/2 of the heap free before they are made: the other half is for what start-up
        /// makes after them and for running (the plot request, log lines and the garbage between collections).
        /// </summary>
        public const int ShareOfFreeHeapDivisor = 2;

        /// <summary>Bytes the windows of <paramref name="streams"/> streams of <paramref name="maxPoints"/> points take.</summary>
        public static long BytesFor(int streams, int maxPoints)
        {
            return (long)streams * WindowsPerStream * PointWindow.BytesFor(maxPoints);
        }

        /// <summary>
        /// The most points each of <paramref name="streams"/> streams may keep with <paramref name="freeBytes"/> of heap
        /// free: <paramref name="wanted"/> when that fits, otherwise as many as fit (at least 1).
        /// </summary>
        public static int MaxPointsThatFit(int wanted, int streams, long freeBytes)
        {
            long budget = freeBytes / ShareOfFreeHeapDivisor;
            long fit = budget / BytesFor(streams, 1);
            if (fit >= wanted)
            {
                return wanted;
            }

            return fit < 1 ? 1 : (int)fit;
        }
    }
}
