using System;
using System.Threading;

namespace HeartRateStreamer.Buffers
{
    /// <summary>
    /// A fixed-capacity queue of timestamped samples between exactly one producer thread (the sampler)
    /// and one consumer thread (processing and streaming). All storage is allocated in the constructor.
    /// </summary>
    /// <remarks>
    /// Each index is written by one thread only and published with <see cref="Interlocked"/>, which is a
    /// full fence on .NET and trivially ordered on nanoCLR's single native thread, so neither side ever
    /// takes a lock. When the buffer is full the producer drops the new sample and counts it: a sampler
    /// must never wait for a slow consumer, and only the consumer may move the read index.
    /// </remarks>
    public sealed class SampleRingBuffer
    {
        private readonly long[] _timesMilliseconds;
        private readonly int[] _infrared;
        private readonly int[] _red;

        // One slot always stays empty so that "read == write" means empty and never full.
        private readonly int _slotCount;

        private int _writeIndex;
        private int _readIndex;
        private int _droppedCount;

        /// <summary>Creates a buffer that holds up to <paramref name="capacity"/> samples.</summary>
        public SampleRingBuffer(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The ring buffer needs room for at least one sample.");
            }

            _slotCount = capacity + 1;
            _timesMilliseconds = new long[_slotCount];
            _infrared = new int[_slotCount];
            _red = new int[_slotCount];
        }

        /// <summary>The most samples the buffer holds at once.</summary>
        public int Capacity => _slotCount - 1;

        /// <summary>Samples waiting to be read (a snapshot: the other thread may change it at once).</summary>
        public int Count
        {
            get
            {
                int waiting = Interlocked.CompareExchange(ref _writeIndex, 0, 0) - Interlocked.CompareExchange(ref _readIndex, 0, 0);
                return waiting < 0 ? waiting + _slotCount : waiting;
            }
        }

        /// <summary>Samples refused because the buffer was full, since construction.</summary>
        public int DroppedCount => Interlocked.CompareExchange(ref _droppedCount, 0, 0);

        /// <summary>
        /// Producer side: appends a sample. Never blocks. Returns false, and counts a drop,
        /// when the buffer is full.
        /// </summary>
        public bool TryWrite(long timeMilliseconds, int infrared, int red)
        {
            int write = _writeIndex;
            int next = write + 1 == _slotCount ? 0 : write + 1;
            if (next == Interlocked.CompareExchange(ref _readIndex, 0, 0))
            {
                Interlocked.Increment(ref _droppedCount);
                return false;
            }

            _timesMilliseconds[write] = timeMilliseconds;
            _infrared[write] = infrared;
            _red[write] = red;

            // Publish only after the slot is filled, so the consumer never sees a half-written sample.
            Interlocked.Exchange(ref _writeIndex, next);
            return true;
        }

        /// <summary>Consumer side: takes the oldest sample. Returns false when the buffer is empty.</summary>
        public bool TryRead(out long timeMilliseconds, out int infrared, out int red)
        {
            int read = _readIndex;
            if (read == Interlocked.CompareExchange(ref _writeIndex, 0, 0))
            {
                timeMilliseconds = 0;
                infrared = 0;
                red = 0;
                return false;
            }

            timeMilliseconds = _timesMilliseconds[read];
            infrared = _infrared[read];
            red = _red[read];

            // Release the slot only after it has been copied out.
            Interlocked.Exchange(ref _readIndex, read + 1 == _slotCount ? 0 : read + 1);
            return true;
        }
    }
}
