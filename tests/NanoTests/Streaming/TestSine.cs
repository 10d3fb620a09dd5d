namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>sin(x) by its Taylor series, written here so filter tests do not lean on the code they test (no Math in nanoFramework's mscorlib).</summary>
    public static class TestSine
    {
        /// <summary>π.</summary>
        public const double Pi = 3.14159265358979323846;

        /// <summary>sin(x), accurate to about 1e-10 for any x.</summary>
        public static double Of(double x)
        {
            while (x > Pi)
            {
                x -= 2 * Pi;
            }

            while (x < -Pi)
            {
                x += 2 * Pi;
            }

            double term = x;
            double sum = x;
            for (int n = 1; n < 15; n++)
            {
                term *= -x * x / ((2 * n) * (2 * n + 1));
                sum += term;
            }

            return sum;
        }
    }
}
