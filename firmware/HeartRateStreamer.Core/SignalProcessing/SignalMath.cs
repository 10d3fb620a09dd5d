namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The few numeric helpers signal processing needs. nanoFramework's mscorlib has no System.Math,
    /// and these stay in single precision (the ESP32 FPU has no double-precision unit).
    /// </summary>
    public static class SignalMath
    {
        // exp(-x) is below 1e-9 beyond this point: a filter with that decay has fully forgotten its past.
        private const float LargestUsefulExponent = 20.0f;

        // Halving the argument until it is at most this makes a 5-term Taylor series accurate to about 1e-9.
        private const float TaylorRange = 0.125f;

        /// <summary>The absolute value of <paramref name="value"/>.</summary>
        public static float Absolute(float value)
        {
            return value < 0.0f ? -value : value;
        }

        /// <summary>e raised to −<paramref name="exponent"/>, for <paramref name="exponent"/> ≥ 0; relative error about 1e-5 or better.</summary>
        public static float ExponentialDecay(float exponent)
        {
            if (exponent <= 0.0f)
            {
                return 1.0f;
            }

            if (exponent >= LargestUsefulExponent)
            {
                return 0.0f;
            }

            // Range reduction: exp(-x) = exp(-x / 2^k)^(2^k). At most 8 halvings for x below 20.
            int halvings = 0;
            while (exponent > TaylorRange)
            {
                exponent *= 0.5f;
                halvings++;
            }

            float x = -exponent;
            float result = 1.0f + x * (1.0f + x * (0.5f + x * (1.0f / 6.0f + x * (1.0f / 24.0f + x * (1.0f / 120.0f)))));
            for (int i = 0; i < halvings; i++)
            {
                result *= result;
            }

            return result;
        }

        /// <summary>
        /// 1 − e^−<paramref name="exponent"/>: the share of the way a first-order filter moves towards its input in a step
        /// of <paramref name="exponent"/> time constants. Computed directly for small steps, where 1 − exp would cancel.
        /// </summary>
        public static float ExponentialRise(float exponent)
        {
            if (exponent <= 0.0f)
            {
                return 0.0f;
            }

            if (exponent > TaylorRange)
            {
                return 1.0f - ExponentialDecay(exponent);
            }

            float x = exponent;
            return x * (1.0f - x * 0.5f * (1.0f - x / 3.0f * (1.0f - x * 0.25f * (1.0f - x * 0.2f))));
        }

        /// <summary>The square root of <paramref name="value"/> (0 for values ≤ 0), by Newton's iteration.</summary>
        public static float SquareRoot(float value)
        {
            if (value <= 0.0f)
            {
                return 0.0f;
            }

            // Start from a power of two near the root so a few Newton steps reach full single precision.
            float estimate = 1.0f;
            float scaled = value;
            while (scaled > 4.0f)
            {
                scaled *= 0.25f;
                estimate *= 2.0f;
            }

            while (scaled < 0.25f)
            {
                scaled *= 4.0f;
                estimate *= 0.5f;
            }

            for (int i = 0; i < 6; i++)
            {
                estimate = 0.5f * (estimate + value / estimate);
            }

            return estimate;
        }

        /// <summary>
        /// The median of the first <paramref name="count"/> values of <paramref name="values"/>, using
        /// <paramref name="scratch"/> (at least <paramref name="count"/> long) so that nothing is allocated.
        /// </summary>
        public static float Median(float[] values, int count, float[] scratch)
        {
            if (count <= 0)
            {
                return 0.0f;
            }

            // Insertion sort: the windows are a handful of beats long.
            for (int i = 0; i < count; i++)
            {
                float value = values[i];
                int j = i - 1;
                while (j >= 0 && scratch[j] > value)
                {
                    scratch[j + 1] = scratch[j];
                    j--;
                }

                scratch[j + 1] = value;
            }

            int middle = count / 2;
            return (count & 1) == 1 ? scratch[middle] : 0.5f * (scratch[middle - 1] + scratch[middle]);
        }
    }
}
