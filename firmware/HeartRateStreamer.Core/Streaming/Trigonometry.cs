namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Sine and cosine for designing filters at start-up. Core cannot use Math (it is a separate nanoFramework
    /// package), and these run only when a filter is built, never per sample.
    /// </summary>
    internal static class Trigonometry
    {
        /// <summary>π to double precision.</summary>
        public const double Pi = 3.14159265358979323846;

        private const double TwoPi = 2 * Pi;

        /// <summary>sin(x), within 1e-12 for |x| up to a few thousand.</summary>
        public static double Sine(double x)
        {
            // Bring x into [-π, π], then sum the Taylor series; 12 terms reach beyond double precision there.
            long turns = (long)(x / TwoPi);
            x -= turns * TwoPi;
            if (x > Pi)
            {
                x -= TwoPi;
            }
            else if (x < -Pi)
            {
                x += TwoPi;
            }

            double term = x;
            double sum = x;
            double square = x * x;
            for (int n = 1; n <= 12; n++)
            {
                term *= -square / ((2 * n) * (2 * n + 1));
                sum += term;
            }

            return sum;
        }

        /// <summary>cos(x) as sin(x + π/2).</summary>
        public static double Cosine(double x)
        {
            return Sine(x + Pi / 2);
        }
    }
}
