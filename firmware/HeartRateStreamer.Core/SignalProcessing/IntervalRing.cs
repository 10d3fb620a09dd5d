using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The newest few beat-to-beat intervals, each with its end time and one flag, oldest first, in buffers allocated
    /// once; a full ring drops its oldest interval. The estimator holds a new chain's intervals here until its look-back
    /// has run (flag: the closing beat is clean), and the NN filter keeps its newest NN intervals (flag: follows a normal
    /// one) for readers that take several decisions at once.
    /// </summary>
    public sealed class IntervalRing
    {
        private readonly long[] _endMicroseconds;
        private readonly float[] _milliseconds;
        private readonly bool[] _flags;
        private int _oldest;

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
        public int Count { get; private set; }

        /// <summary>Whether the next <see cref="Add"/> drops the oldest interval.</summary>
        public bool IsFull => Count == _milliseconds.Length;

        /// <summary>Adds the newest interval, dropping the oldest one when full.</summary>
        public void Add(long endMicroseconds, float milliseconds, bool flag)
        {
            if (IsFull)
            {
                _oldest = (_oldest + 1) % _milliseconds.Length;
                Count--;
            }

            int index = (_oldest + Count) % _milliseconds.Length;
            _endMicroseconds[index] = endMicroseconds;
            _milliseconds[index] = milliseconds;
            _flags[index] = flag;
            Count++;
        }

        /// <summary>Forgets every interval.</summary>
        public void Clear()
        {
            _oldest = 0;
            Count = 0;
        }

        /// <summary>The end time of interval <paramref name="index"/> (0 = the oldest held).</summary>
        public long EndMicroseconds(int index)
        {
            return _endMicroseconds[IndexOf(index)];
        }

        /// <summary>The length of interval <paramref name="index"/> in milliseconds (0 = the oldest held).</summary>
        public float Milliseconds(int index)
        {
            return _milliseconds[IndexOf(index)];
        }

        /// <summary>The flag of interval <paramref name="index"/> (0 = the oldest held).</summary>
        public bool Flag(int index)
        {
            return _flags[IndexOf(index)];
        }

        private int IndexOf(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Ask for an interval below Count (0 = the oldest held).");
            }

            return (_oldest + index) % _milliseconds.Length;
        }
    }
}
