using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The filter's response depends on elapsed time only, not on how that time was cut into samples.</summary>
    [TestClass]
    public class FirstOrderLowPassTests
    {
        // e^-1: a first-order stage has covered 1 − 1/e of a step after one time constant.
        private const double OneTimeConstantRise = 0.632120558828558;

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(1000)]
        public static void AfterOneTimeConstantAStepHasRisen63PercentAtAnyRate(int samplesPerSecond)
        {
            var filter = new FirstOrderLowPass(1.0f);
            float interval = 1.0f / samplesPerSecond;
            for (int i = 0; i < samplesPerSecond; i++)
            {
                filter.Update(1.0f, interval);
            }

            SignalAssert.Near(OneTimeConstantRise, filter.Value, 2e-4, "after 1 s at " + samplesPerSecond.ToString() + " samples/s");
        }

        [TestMethod]
        public static void IrregularIntervalsGiveTheSameResponse()
        {
            // 0.5 s cut into uneven pieces: 1 + 59 + 120 + 20 + 300 ms.
            var filter = new FirstOrderLowPass(0.5f);
            float[] pieces = { 0.001f, 0.059f, 0.12f, 0.02f, 0.3f };
            for (int i = 0; i < pieces.Length; i++)
            {
                filter.Update(1.0f, pieces[i]);
            }

            SignalAssert.Near(OneTimeConstantRise, filter.Value, 2e-5, "after 0.5 s in uneven steps");
        }

        [TestMethod]
        public static void ResetHoldsTheValue()
        {
            var filter = new FirstOrderLowPass(0.1f);
            filter.Reset(42.0f);
            filter.Update(42.0f, 0.01f);

            Assert.AreEqual(42.0f, filter.Value, "a filter reset to its input stays there");
        }

        [TestMethod]
        public static void ATimeConstantMustBePositive()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new FirstOrderLowPass(0.0f));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new FirstOrderLowPass(-1.0f));
        }
    }
}
