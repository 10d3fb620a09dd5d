using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The newest few values of a per-beat quantity (intervals, amplitudes, regularity flags), in a buffer allocated
    /// once. Medians of short windows make the estimates robust to the odd missed or spurious beat.
    /// </summary>
    public sealed class RecentValues
    {
        private readonly float[] _values;
        private readonly float[] _window;
        private readonly float[] _scratch;
        private int _next;

        /// <summary>Creates an empty history that keeps the newest <paramref name="capacity"/> values.</summary>
        public RecentValues(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The history must hold at least one value.");
            }

            _values = new float[capacity];
            _window = new float[capacity];
            _scratch = new float[capacity];
        }

        /// <summary>How many values the history keeps at most.</summary>
        public int Capacity => _values.Length;

        /// <summary>How many values the history holds now.</summary>
        public int Count { get; private set; }

        /// <summary>Adds a value, dropping the oldest one when full.</summary>
        public void Add(float value)
        {
            _values[_next] = value;
            _next = (_next + 1) % _values.Length;
            if (Count < _values.Length)
            {
                Count++;
            }
        }

        /// <summary>Forgets every value.</summary>
        public void Clear()
        {
            Count = 0;
            _next = 0;
        }

        /// <summary>The value added <paramref name="age"/> additions ago (0 = the newest).</summary>
        public float Newest(int age)
        {
            if (age < 0 || age >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(age), "The history holds fewer values than that.");
            }

            int index = _next - 1 - age;
            if (index < 0)
            {
                index += _values.Length;
            }

            return _values[index];
        }

        /// <summary>The median of the newest <paramref name="count"/> values (fewer if the history holds fewer); 0 when empty.</summary>
        public float MedianOfNewest(int count)
        {
            int used = CopyNewest(count);
            return SignalMath.Median(_window, used, _scratch);
        }

        /// <summary>The sum of the newest <paramref name="count"/> values (fewer if the history holds fewer).</summary>
        public float SumOfNewest(int count)
        {
            int used = CopyNewest(count);
            float sum = 0.0f;
            for (int i = 0; i < used; i++)
            {
                sum += _window[i];
            }

            return sum;
        }

        private int CopyNewest(int count)
        {
            int used = count < Count ? count : Count;
            for (int age = 0; age < used; age++)
            {
                _window[age] = Newest(age);
            }

            return used;
        }
    }
}
