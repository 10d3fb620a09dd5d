using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// A first-order low-pass filter defined by its time constant, not by a per-sample coefficient, so it behaves the
    /// same at any sample rate and across irregular sample intervals: each step moves the output towards the input by
    /// 1 − e^(−Δt/τ), the exact response of an RC stage to an input held constant over the interval.
    /// </summary>
    public sealed class FirstOrderLowPass
    {
        private float _timeConstantSeconds;

        // Regular sampling repeats the same interval, so the coefficient is computed once, not per sample.
        private float _cachedIntervalSeconds;
        private float _cachedGain;

        // A field behind Value: the estimator runs about fifteen of these filters per sample, and on the nanoFramework
        // interpreter every property access inside Update would be a call of its own.
        private float _value;

        /// <summary>Creates a filter with time constant τ = <paramref name="timeConstantSeconds"/> (cut-off 1 / (2πτ) Hz).</summary>
        public FirstOrderLowPass(float timeConstantSeconds)
        {
            if (!(timeConstantSeconds > 0.0f))
            {
                throw new ArgumentOutOfRangeException(nameof(timeConstantSeconds), "The time constant must be a positive number of seconds.");
            }

            _timeConstantSeconds = timeConstantSeconds;
            _cachedIntervalSeconds = -1.0f;
        }

        /// <summary>The time constant in seconds; changing it keeps the output where it is.</summary>
        public float TimeConstantSeconds
        {
            get => _timeConstantSeconds;
            set
            {
                if (!(value > 0.0f))
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "The time constant must be a positive number of seconds.");
                }

                if (value != _timeConstantSeconds)
                {
                    _timeConstantSeconds = value;
                    _cachedIntervalSeconds = -1.0f;
                }
            }
        }

        /// <summary>The current output.</summary>
        public float Value => _value;

        /// <summary>Sets the output to <paramref name="value"/>, as if the input had been held there forever.</summary>
        public void Reset(float value)
        {
            _value = value;
        }

        /// <summary>Advances the filter by <paramref name="intervalSeconds"/> with input <paramref name="input"/>; returns the new output.</summary>
        public float Update(float input, float intervalSeconds)
        {
            if (intervalSeconds != _cachedIntervalSeconds)
            {
                _cachedIntervalSeconds = intervalSeconds;
                _cachedGain = SignalMath.ExponentialRise(intervalSeconds / _timeConstantSeconds);
            }

            _value += _cachedGain * (input - _value);
            return _value;
        }
    }
}
