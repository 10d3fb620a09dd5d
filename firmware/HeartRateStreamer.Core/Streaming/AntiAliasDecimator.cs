using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Brings the waveform from the sampling rate down to a rate Plotly can take (at most 20 points/s, one per
    /// 50 ms) without aliasing: a low-pass FIR filter (Hamming-windowed sinc, unity gain at DC) runs over the input,
    /// and every <see cref="Factor"/>-th filtered sample is kept. Each output is stamped with the time of the input
    /// sample at the filter's centre, so the filter's delay does not shift the plot. Preallocated; no allocation per sample.
    /// </summary>
    public sealed class AntiAliasDecimator
    {
        // Taps per unit of decimation factor: 8·factor+1 taps give a Hamming transition band of about
        // 3.3·inputRate/taps ≈ 0.4·outputRate (Smith, "The Scientist and Engineer's Guide to DSP", ch. 16, eq. 16-3).
        private const int TapsPerFactor = 8;

        // Cut-off as a fraction of the output Nyquist frequency: 0.8 keeps the passband below the fold-over point.
        private const double CutoffOfOutputNyquist = 0.8;

        private readonly double[] _coefficients;
        private readonly double[] _history;
        private readonly long[] _times;
        private readonly int _factor;
        private int _newest = -1;
        private int _filled;
        private int _sinceOutput;
        private double _lastValidValue;
        private long _outputTime;
        private double _outputValue;

        /// <summary>
        /// Designs the filter for samples arriving at <paramref name="inputRateHertz"/> so that at most
        /// <paramref name="maximumOutputRateHertz"/> points per second come out.
        /// </summary>
        public AntiAliasDecimator(int inputRateHertz, int maximumOutputRateHertz)
        {
            if (inputRateHertz < 1 || inputRateHertz > 10000)
            {
                throw new ArgumentOutOfRangeException(nameof(inputRateHertz), "The sampling rate must be between 1 and 10000 samples per second.");
            }

            if (maximumOutputRateHertz < 1 || maximumOutputRateHertz > StreamSettings.MaximumObjectsPerSecond)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumOutputRateHertz), "Plotly takes at most one object per "
                    + StreamSettings.MinimumObjectIntervalMilliseconds.ToString() + " ms: choose 1 to " + StreamSettings.MaximumObjectsPerSecond.ToString() + " points per second.");
            }

            _factor = (inputRateHertz + maximumOutputRateHertz - 1) / maximumOutputRateHertz;
            int taps = _factor == 1 ? 1 : TapsPerFactor * _factor + 1;
            _coefficients = new double[taps];
            _history = new double[taps];
            _times = new long[taps];
            Design(_coefficients, _factor);
        }

        /// <summary>One output for every this many inputs.</summary>
        public int Factor => _factor;

        /// <summary>The filter length in input samples.</summary>
        public int TapCount => _coefficients.Length;

        /// <summary>Time of the last output, in the same milliseconds as the input times.</summary>
        public long OutputTimeMilliseconds => _outputTime;

        /// <summary>Value of the last output.</summary>
        public double OutputValue => _outputValue;

        /// <summary>
        /// Feeds one sample; returns true when it completes an output (read <see cref="OutputTimeMilliseconds"/>
        /// and <see cref="OutputValue"/>). A NaN or infinite sample is replaced by the last valid one, so a single
        /// bad reading cannot poison the filter's memory.
        /// </summary>
        public bool Add(long timeMilliseconds, double value)
        {
            // Not a finite number (NaN fails every comparison): one test instead of two library calls per sample.
            if (!(value >= -double.MaxValue && value <= double.MaxValue))
            {
                value = _lastValidValue;
            }
            else
            {
                _lastValidValue = value;
            }

            int taps = _coefficients.Length;
            _newest = _newest + 1 == taps ? 0 : _newest + 1;
            _history[_newest] = value;
            _times[_newest] = timeMilliseconds;
            if (_filled < taps)
            {
                _filled++;
                if (_filled == 1)
                {
                    // Start from a settled filter: the first sample stands for the whole history.
                    for (int i = 0; i < taps; i++)
                    {
                        _history[i] = value;
                        _times[i] = timeMilliseconds;
                    }
                }
            }

            _sinceOutput++;
            if (_sinceOutput < _factor)
            {
                return false;
            }

            _sinceOutput = 0;
            if (_filled <= taps / 2)
            {
                // The centre tap does not hold a real sample yet, so there is no honest time to stamp the output with.
                return false;
            }

            double sum = 0;
            int index = _newest;
            for (int k = 0; k < taps; k++)
            {
                sum += _coefficients[k] * _history[index];
                index = index == 0 ? taps - 1 : index - 1;
            }

            int centre = _newest - taps / 2;
            if (centre < 0)
            {
                centre += taps;
            }

            _outputValue = sum;
            _outputTime = _times[centre];
            return true;
        }

        /// <summary>Forgets the history (after a gap in sampling), so old samples do not blend into new ones.</summary>
        public void Reset()
        {
            _newest = -1;
            _filled = 0;
            _sinceOutput = 0;
        }

        private static void Design(double[] coefficients, int factor)
        {
            int taps = coefficients.Length;
            if (taps == 1)
            {
                coefficients[0] = 1;
                return;
            }

            // Cut-off in cycles per input sample: the output Nyquist (0.5 / factor) scaled down.
            double cutoff = CutoffOfOutputNyquist * 0.5 / factor;
            int middle = taps / 2;
            double sum = 0;
            for (int n = 0; n < taps; n++)
            {
                int offset = n - middle;
                double sinc = offset == 0
                    ? 2 * cutoff
                    : Trigonometry.Sine(2 * Trigonometry.Pi * cutoff * offset) / (Trigonometry.Pi * offset);

                // Hamming window (Smith, ch. 16, eq. 16-1).
                double window = 0.54 - 0.46 * Trigonometry.Cosine(2 * Trigonometry.Pi * n / (taps - 1));
                coefficients[n] = sinc * window;
                sum += coefficients[n];
            }

            for (int n = 0; n < taps; n++)
            {
                coefficients[n] /= sum;
            }
        }
    }
}
