using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class PlotlyStatusTests
    {
        // A refusal the token caused (its data, its silence, its connection limit) shows the server knows the token.
        [DataRow(200, true)]
        [DataRow(408, true)]
        [DataRow(413, true)]
        [DataRow(422, true)]
        [DataRow(423, true)]
        [DataRow(403, false)]
        [DataRow(404, false)]
        [DataRow(429, false)]
        [DataRow(503, false)]
        public static void KnowsTheTokenOnlyFromAnswersAboutIt(int status, bool knows)
        {
            Assert.AreEqual(knows, PlotlyStatus.KnowsToken(status));
        }

        [TestMethod]
        public static void DescribesTheCodesTheServerUsesAndNoOthers()
        {
            Assert.AreEqual("line too long: stream newline separated JSON objects of sane size", PlotlyStatus.Describe(413));
            Assert.AreEqual("too many unknown stream tokens from this address: try again after Retry-After seconds", PlotlyStatus.Describe(429));
            Assert.AreEqual("", PlotlyStatus.Describe(418));
        }
    }
}
