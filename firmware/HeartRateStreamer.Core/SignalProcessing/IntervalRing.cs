using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The newest few beat-to-beat intervals, each with its end time and one flag, oldest first, in buffers allocated
    /// once; a full ring drops its oldest interval. The estimator holds a new chain's intervals here until its look-back
    /// has run (flag: the closing beat is clean), the NN filter keeps its newest NN intervals (flag: follows a normal
    /// one) for readers that take several decisions at once, and the HRV window its last minute of NN intervals.
    /// </summary>
    /// <remarks>
    /// The accessors compute the slot themselves rather than through a shared helper: the HRV window reads every interval
    /// twice per NN interval, and on the interpreter each call costs.
    /// </remarks>
    public sealed class IntervalRing
    {
        private readonly long[] _endMicroseconds;
        private readonly float[] _milliseconds;
        private readonly bool[] _flags;
        private int _oldest;
        private int _count;

        /// <summary>Creates an empty ring for <paramref name="capacity"/> intervals.</summary>
        public IntervalRing(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The ring must hold at least one interval.");
            }

            _endMicroseconds = new long[capacity];
            _milliseconds = new float[capacity];
            _flags = new bool[capacity];
        }

        /// <summary>How many intervals the ring holds at most.</summary>
        public int Capacity => _milliseconds.Length;

        /// <summary>How many intervals the ring holds now.</summary>
        public int Count => _count;

        /// <summary>Whether the next <see cref="Add"/> drops the oldest interval.</summary>
        public bool IsFull => _count == _milliseconds.Length;

        /// <summary>Adds the newest interval, dropping the oldest one when full.</summary>
        public void Add(long endMicroseconds, float milliseconds, bool flag)
        {
            if (_count == _milliseconds.Length)
            {
                DropOldest();
            }

            int index = (_oldest + _count) % _milliseconds.Length;
            _endMicroseconds[index] = endMicroseconds;
            _milliseconds[index] = milliseconds;
            _flags[index] = flag;
            _count++;
        }

        /// <summary>Drops the oldest interval (nothing when empty).</summary>
        public void DropOldest()
        {
            if (_count > 0)
            {
                _oldest = (_oldest + 1) % _milliseconds.Length;
                _count--;
            }
        }

        /// <summary>Forgets every interval.</summary>
        public void Clear()
        {
            _oldest = 0;
            _count = 0;
        }

        /// <summary>The end time of interval <paramref name="index"/> (0 = the oldest held).</summary>
        public long EndMicroseconds(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw OutOfRange(index);
            }

            return _endMicroseconds[(_oldest + index) % _milliseconds.Length];
        }

        /// <summary>The length of interval <paramref name="index"/> in milliseconds (0 = the oldest held).</summary>
        public float Milliseconds(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw OutOfRange(index);
            }

            return _milliseconds[(_oldest + index) % _milliseconds.Length];
        }

        /// <summary>The flag of interval <paramref name="index"/> (0 = the oldest held).</summary>
        public bool Flag(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw OutOfRange(index);
            }

            return _flags[(_oldest + index) % _milliseconds.Length];
        }

        private ArgumentOutOfRangeException OutOfRange(int index)
        {
            return new ArgumentOutOfRangeException(nameof(index), "Interval " + index.ToString() + " asked for, " + _count.ToString() + " held: ask for one below Count (0 = the oldest held).");
        }
    }
}
