namespace HeartRateStreamer.Simulation.Ppg
{
    /// <summary>The sine and Gaussian bump the pulse model needs (nanoFramework's mscorlib has no System.Math).</summary>
    public static class WaveMath
    {
        /// <summary>π to double precision.</summary>
        public const double Pi = 3.14159265358979323846;

        /// <summary>sin(<paramref name="radians"/>), accurate to about 1e-7.</summary>
        public static double Sine(double radians)
        {
            // Reduce to [-π, π], then to [-π/2, π/2] with sin(π − x) = sin(x), where a Taylor series to x^11 is accurate.
            double turns = radians / (2.0 * Pi);
            long whole = (long)turns;
            if (turns < 0.0)
            {
                whole--;
            }

            double x = radians - whole * 2.0 * Pi;
            if (x > Pi)
            {
                x -= 2.0 * Pi;
            }

            if (x > Pi / 2.0)
            {
                x = Pi - x;
            }
            else if (x < -Pi / 2.0)
            {
                x = -Pi - x;
            }

            double square = x * x;
            return x * (1.0 - square / 6.0 * (1.0 - square / 20.0 * (1.0 - square / 42.0 * (1.0 - square / 72.0 * (1.0 - square / 110.0)))));
        }

        /// <summary>exp(−<paramref name="exponent"/>) for <paramref name="exponent"/> ≥ 0, accurate to about 1e-9 relative.</summary>
        public static double ExponentialDecay(double exponent)
        {
            if (exponent <= 0.0)
            {
                return 1.0;
            }

            if (exponent > 40.0)
            {
                return 0.0;
            }

            int halvings = 0;
            while (exponent > 0.0625)
            {
                exponent *= 0.5;
                halvings++;
            }

            double x = -exponent;
            double result = 1.0 + x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0))))));
            for (int i = 0; i < halvings; i++)
            {
                result *= result;
            }

            return result;
        }

        /// <summary>A Gaussian bump of height 1 centred on <paramref name="centre"/> with standard deviation <paramref name="width"/>.</summary>
        public static double Bump(double position, double centre, double width)
        {
            double z = (position - centre) / width;
            return ExponentialDecay(0.5 * z * z);
        }
    }
}
