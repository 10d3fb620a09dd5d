using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// The newest points of one stream, oldest first, in preallocated arrays: once full, each new point replaces the
    /// oldest. It mirrors Plotly's <c>maxpoints</c> window, so after a reconnect the stream can resend exactly what a
    /// viewer should see. Not thread-safe: the owner locks.
    /// </summary>
    /// <remarks>
    /// 8 bytes a point, because a board without PSRAM has 100-150 KB of managed heap and each stream holds two windows
    /// (the live one and the copy being resent): 500 points cost 8 KB a stream instead of 16. A time is kept as an int
    /// offset from a base, moved forward when the clock passes the int range (24.8 days of milliseconds; times come from
    /// the monotonic clock and never go back), and a value as a float (7 significant digits: the streams write at most
    /// 1 decimal of values below 10^6; <see cref="PlotStream"/> rounds every value to float before it is sent, so a
    /// window resent writes what was sent live).
    /// </remarks>
    public sealed class PointWindow
    {
        // A new base puts the newest point half-way up the int range; points more than 1.5 ranges older are dropped.
        private const long RebaseHeadroomMilliseconds = 1L << 30;

        private readonly int[] _offsets;
        private readonly float[] _values;
        private long _baseMilliseconds;
        private int _oldest;
        private int _count;

        /// <summary>Creates a window that keeps the newest <paramref name="capacity"/> points (Plotly allows 1..10000).</summary>
        public PointWindow(int capacity)
        {
            if (capacity < 1 || capacity > 10000)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "A stream window keeps between 1 and 10000 points (Plotly's maxpoints range); choose maxpoints in that range.");
            }

            _offsets = new int[capacity];
            _values = new float[capacity];
        }

        /// <summary>The most points the window keeps.</summary>
        public int Capacity => _offsets.Length;

        /// <summary>How many points it holds now.</summary>
        public int Count => _count;

        /// <summary>Bytes a window of <paramref name="capacity"/> points holds in its arrays.</summary>
        public static int BytesFor(int capacity)
        {
            return capacity * (sizeof(int) + sizeof(float));
        }

        /// <summary>
        /// Adds a point, dropping the oldest when the window is full. <paramref name="timeMilliseconds"/> is not before
        /// the newest point's; <paramref name="value"/> is kept as a float.
        /// </summary>
        public void Add(long timeMilliseconds, double value)
        {
            if (_count == 0)
            {
                _baseMilliseconds = timeMilliseconds;
            }
            else if (timeMilliseconds - _baseMilliseconds > int.MaxValue)
            {
                Rebase(timeMilliseconds - RebaseHeadroomMilliseconds);
            }
            else if (timeMilliseconds - _baseMilliseconds < int.MinValue)
            {
                // Against the contract (a clock 24 days back): start again rather than keep times that wrapped.
                Clear();
                _baseMilliseconds = timeMilliseconds;
            }

            int index = _oldest + _count;
            if (index >= _offsets.Length)
            {
                index -= _offsets.Length;
            }

            _offsets[index] = (int)(timeMilliseconds - _baseMilliseconds);
            _values[index] = (float)value;
            if (_count < _offsets.Length)
            {
                _count++;
            }
            else
            {
                _oldest = _oldest + 1 == _offsets.Length ? 0 : _oldest + 1;
            }
        }

        /// <summary>The time of the point at <paramref name="index"/>, 0 being the oldest.</summary>
        public long GetTime(int index)
        {
            return _baseMilliseconds + _offsets[Physical(index)];
        }

        /// <summary>The value of the point at <paramref name="index"/>, 0 being the oldest.</summary>
        public double GetValue(int index)
        {
            return _values[Physical(index)];
        }

        /// <summary>Forgets every point.</summary>
        public void Clear()
        {
            _oldest = 0;
            _count = 0;
        }

        /// <summary>Makes this window a copy of <paramref name="source"/>, which must have the same capacity.</summary>
        public void CopyFrom(PointWindow source)
        {
            if (source.Capacity != Capacity)
            {
                throw new ArgumentException("Windows of different capacities cannot be copied into each other.", nameof(source));
            }

            Array.Copy(source._offsets, _offsets, _offsets.Length);
            Array.Copy(source._values, _values, _values.Length);
            _baseMilliseconds = source._baseMilliseconds;
            _oldest = source._oldest;
            _count = source._count;
        }

        // Moves the base forward to newBaseMilliseconds (once per 12 days of points at most): every offset is shifted,
        // and the oldest points that would fall below the int range (older than 37 days before the newest) are dropped.
        private void Rebase(long newBaseMilliseconds)
        {
            long shift = newBaseMilliseconds - _baseMilliseconds;
            while (_count > 0 && _offsets[_oldest] - shift < int.MinValue)
            {
                _oldest = _oldest + 1 == _offsets.Length ? 0 : _oldest + 1;
                _count--;
            }

            for (int i = 0; i < _count; i++)
            {
                int physical = _oldest + i >= _offsets.Length ? _oldest + i - _offsets.Length : _oldest + i;
                _offsets[physical] = (int)(_offsets[physical] - shift);
            }

            _baseMilliseconds = newBaseMilliseconds;
        }

        private int Physical(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "The window holds fewer points than that index.");
            }

            int physical = _oldest + index;
            return physical >= _offsets.Length ? physical - _offsets.Length : physical;
        }
    }
}
