using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>The /clientresp answer judged the way the npm plotly client judges it.</summary>
    [TestClass]
    public class PlotCreationAnswerTests
    {
        [TestMethod]
        public static void AnEmptyErrorMeansThePlotExists()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(200, "", "All Streams Go!", "http://stream.example.org", "https://plots.example.org/~u/1", "High five!", "", "f");
            Assert.IsTrue(answer.Succeeded);
            Assert.IsTrue(answer.StreamsReady);
            Assert.AreEqual("https://plots.example.org/~u/1", answer.Url);
            Assert.AreEqual("", answer.Failure);
        }

        [TestMethod]
        public static void ANonEmptyErrorIsTheReason()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(200, "Invalid API key", null, null, null, null, null, null);
            Assert.IsFalse(answer.Succeeded);
            Assert.AreEqual("the server refused to create the plot: Invalid API key", answer.Failure);
        }

        [TestMethod]
        public static void AMissingErrorFieldIsNotAPlotlyAnswer()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(200, null, "All Streams Go!", null, "u", null, null, null);
            Assert.IsFalse(answer.Succeeded);
            Assert.Contains("no 'error' field", answer.Failure);
        }

        [TestMethod]
        public static void AnHttpFailureIsAFailure()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(500, "", null, null, null, null, null, null);
            Assert.IsFalse(answer.Succeeded);
            Assert.AreEqual("the server answered HTTP 500", answer.Failure);
        }

        [DataRow("", "https://configured:9000", "configured", 9000, true)]
        [DataRow("stream.example.org", "http://configured:9000", "stream.example.org", 9000, false)]
        [DataRow("http://stream.example.org", "https://configured:9000", "stream.example.org", 9000, false)]
        [DataRow("http://stream.example.org:8081/", "http://configured:9000", "stream.example.org", 8081, false)]
        [DataRow("https://10.0.0.7:9443", "http://configured:9000", "10.0.0.7", 9443, true)]
        public static void StreamsWhereTheAnswerSaysKeepingWhatItDoesNotSay(string streamHost, string configured, string host, int port, bool useTls)
        {
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(200, "", "All Streams Go!", streamHost, "u", "", "", "f");
            ServerAddress server = answer.ResolveStreamServer(ServerAddress.Parse(configured));
            Assert.AreEqual(host, server.Host);
            Assert.AreEqual(port, server.Port);
            Assert.AreEqual(useTls, server.UseTls);
        }

        [TestMethod]
        public static void AnIpv6StreamHostIsRefusedLikeAnIpv6ServerUrl()
        {
            // The device reaches servers over IPv4 only; the caller logs the reason and streams to server.url.
            PlotCreationAnswer answer = PlotCreationAnswer.Interpret(200, "", "All Streams Go!", "https://[::1]:9443", "u", "", "", "f");
            Assert.ThrowsException(typeof(ArgumentException), () => answer.ResolveStreamServer(ServerAddress.Parse("http://configured:9000")));
        }
    }
}
