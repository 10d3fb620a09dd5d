using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// The newest points of one stream, oldest first, in preallocated arrays: once full, each new point replaces the
    /// oldest. It mirrors Plotly's <c>maxpoints</c> window, so after a reconnect the stream can resend exactly what a
    /// viewer should see. Not thread-safe: the owner locks.
    /// </summary>
    public sealed class PointWindow
    {
        private readonly long[] _times;
        private readonly double[] _values;
        private int _oldest;
        private int _count;

        /// <summary>Creates a window that keeps the newest <paramref name="capacity"/> points (Plotly allows 1..10000).</summary>
        public PointWindow(int capacity)
        {
            if (capacity < 1 || capacity > 10000)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "A stream window keeps between 1 and 10000 points (Plotly's maxpoints range); choose maxpoints in that range.");
            }

            _times = new long[capacity];
            _values = new double[capacity];
        }

        /// <summary>The most points the window keeps.</summary>
        public int Capacity => _times.Length;

        /// <summary>How many points it holds now.</summary>
        public int Count => _count;

        /// <summary>Adds a point, dropping the oldest when the window is full.</summary>
        public void Add(long timeMilliseconds, double value)
        {
            int index = _oldest + _count;
            if (index >= _times.Length)
            {
                index -= _times.Length;
            }

            _times[index] = timeMilliseconds;
            _values[index] = value;
            if (_count < _times.Length)
            {
                _count++;
            }
            else
            {
                _oldest = _oldest + 1 == _times.Length ? 0 : _oldest + 1;
            }
        }

        /// <summary>The time of the point at <paramref name="index"/>, 0 being the oldest.</summary>
        public long GetTime(int index)
        {
            return _times[Physical(index)];
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

            Array.Copy(source._times, _times, _times.Length);
            Array.Copy(source._values, _values, _values.Length);
            _oldest = source._oldest;
            _count = source._count;
        }

        private int Physical(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "The window holds fewer points than that index.");
            }

            int physical = _oldest + index;
            return physical >= _times.Length ? physical - _times.Length : physical;
        }
    }
}
