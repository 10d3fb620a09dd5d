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
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(200, "{\"stream-status\": \"All Streams Go!\", \"url\": \"https://plots.example.org/~u/1\", "
                + "\"message\": \"High five!\", \"warning\": \"\", \"filename\": \"f\", \"error\": \"\", \"stream-host\": \"http://stream.example.org\"}");
            Assert.IsTrue(answer.Succeeded);
            Assert.IsTrue(answer.StreamsReady);
            Assert.AreEqual("https://plots.example.org/~u/1", answer.Url);
            Assert.AreEqual("High five!", answer.Message);
            Assert.AreEqual("", answer.Failure);
        }

        [TestMethod]
        public static void ANonEmptyErrorIsTheReason()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(200, "{\"error\": \"Invalid API key\", \"url\": \"\"}");
            Assert.IsFalse(answer.Succeeded);
            Assert.AreEqual("the server refused to create the plot: Invalid API key", answer.Failure);
        }

        [TestMethod]
        public static void AMissingErrorFieldIsNotAPlotlyAnswer()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(200, "{\"stream-status\": \"All Streams Go!\", \"url\": \"u\"}");
            Assert.IsFalse(answer.Succeeded);
            Assert.Contains("no 'error' field", answer.Failure);
        }

        [TestMethod]
        public static void AnHttpFailureIsAFailure()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(500, "{\"error\": \"\"}");
            Assert.IsFalse(answer.Succeeded);
            Assert.AreEqual("the server answered HTTP 500", answer.Failure);
        }

        [TestMethod]
        public static void AnHttpFailureCarriesTheServersError()
        {
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(503, "{\"error\": \"internal database error: try again\"}");
            Assert.AreEqual("the server answered HTTP 503: internal database error: try again", answer.Failure);
        }

        [TestMethod]
        [DataRow(503, "{\"error\": \"internal database error\"}", "That is the server's own trouble, not the account's: nothing to change on the device.")]
        [DataRow(502, "<html>Bad Gateway</html>", "That is the server's own trouble, not the account's: nothing to change on the device.")]
        [DataRow(401, "{\"error\": \"wrong key\"}", "Check server.user and server.apiKey.")]
        [DataRow(200, "{\"error\": \"Invalid API key\"}", "Check server.user and server.apiKey.")]
        [DataRow(200, "<html>a captive portal</html>", "")]
        [DataRow(200, "{\"error\": \"\"}", "")]
        public static void TheAdviceBlamesTheAccountOnlyWhenTheServerRefusedIt(int statusCode, string body, string advice)
        {
            // A 5xx is the server failing (a proxy in front of a server that is restarting): the keys were never judged.
            Assert.AreEqual(advice, PlotCreationAnswer.FromJson(statusCode, body).Advice);
        }

        [TestMethod]
        [DataRow(503, "{\"error\": \"internal database error\"}", true)]
        [DataRow(502, "<html>Bad Gateway</html>", true)]
        [DataRow(500, "", true)]
        [DataRow(401, "{\"error\": \"wrong key\"}", false)]
        [DataRow(429, "{\"error\": \"too many requests\"}", false)]
        [DataRow(200, "{\"error\": \"Invalid API key\"}", false)]
        [DataRow(200, "<html>a captive portal</html>", false)]
        [DataRow(200, "{\"error\": \"\"}", false)]
        public static void OnlyAServerThatFailedMayMakeThePlotWhenAskedAgain(int statusCode, string body, bool isServerFault)
        {
            // The device makes the plot again once such a server answers; a refusal would only be refused again, in a loop.
            Assert.AreEqual(isServerFault, PlotCreationAnswer.FromJson(statusCode, body).IsServerFault);
        }

        [TestMethod]
        public static void TextThatReadsAsADateArrivesAsWritten()
        {
            // nanoFramework.Json would turn the file name and the warning into DateTime values and lose the text ("(digits)"
            // reads as an ASP.NET AJAX date, and so do 18+ characters that parse as one): the answer is read from its own text.
            PlotCreationAnswer answer = PlotCreationAnswer.FromJson(200, "{\"error\": \"\", \"filename\": \"Ward 3 monitor (2)\", "
                + "\"warning\": \"2026-12-05T19:00:00Z\", \"message\": \"say \\\"hi\\\"\"}");
            Assert.IsTrue(answer.Succeeded, answer.Failure);
            Assert.AreEqual("Ward 3 monitor (2)", answer.FileName);
            Assert.AreEqual("2026-12-05T19:00:00Z", answer.Warning);
            Assert.AreEqual("say \"hi\"", answer.Message);
        }

        [TestMethod]
        public static void AnAnswerThatIsNotJsonIsNotAPlotlyAnswer()
        {
            PlotCreationAnswer html = PlotCreationAnswer.FromJson(200, "<html><body>Welcome to nginx!</body></html>");
            Assert.IsFalse(html.Succeeded);
            Assert.StartsWith("the answer is not JSON, so it is not a Plotly /clientresp answer", html.Failure);
            Assert.Contains("check the server address", html.Failure);

            PlotCreationAnswer array = PlotCreationAnswer.FromJson(200, "[\"error\", \"\"]");
            Assert.StartsWith("the answer is not a JSON object, so it is not a Plotly /clientresp answer", array.Failure);

            PlotCreationAnswer gateway = PlotCreationAnswer.FromJson(502, "<html>Bad Gateway</html>");
            Assert.AreEqual("the server answered HTTP 502", gateway.Failure);
        }

        [DataRow("", "https://configured:9000", "configured", 9000, true)]
        [DataRow("stream.example.org", "http://configured:9000", "stream.example.org", 9000, false)]
        [DataRow("http://stream.example.org", "http://configured:9000", "stream.example.org", 9000, false)]
        [DataRow("stream.example.org", "https://configured:9000", "stream.example.org", 9000, true)]
        [DataRow("http://stream.example.org:8081/", "http://configured:9000", "stream.example.org", 8081, false)]
        [DataRow("https://10.0.0.7:9443", "http://configured:9000", "10.0.0.7", 9443, true)]
        public static void StreamsWhereTheAnswerSaysKeepingWhatItDoesNotSay(string streamHost, string configured, string host, int port, bool useTls)
        {
            PlotCreationAnswer answer = SuccessNamingStreamHost(streamHost);
            ServerAddress server = answer.ResolveStreamServer(ServerAddress.Parse(configured));
            AssertServer(host, port, useTls, server);
        }

        [DataRow("http://stream.example.org")]
        [DataRow("http://configured:8080")]
        [DataRow("HTTP://stream.example.org:80/")]
        public static void ADeviceSetUpForHttpsNeverStreamsOverPlainHttp(string streamHost)
        {
            // Following an http stream-host would send the stream tokens unencrypted: the streams go to server.url as set up.
            PlotCreationAnswer answer = SuccessNamingStreamHost(streamHost);
            ServerAddress configured = ServerAddress.Parse("https://configured:9000");
            ServerAddress server = answer.ResolveStreamServer(configured);
            AssertServer("configured", 9000, true, server);
            Assert.IsTrue(answer.RefusesPlainHttp(configured));
            Assert.IsFalse(answer.RefusesPlainHttp(ServerAddress.Parse("http://configured:9000")));
        }

        [TestMethod]
        public static void AnIpv6StreamHostIsRefusedLikeAnIpv6ServerUrl()
        {
            // The device reaches servers over IPv4 only; the caller logs the reason and streams to server.url.
            PlotCreationAnswer answer = SuccessNamingStreamHost("https://[::1]:9443");
            Assert.ThrowsException(typeof(ArgumentException), () => answer.ResolveStreamServer(ServerAddress.Parse("http://configured:9000")));
        }

        // A plot made, its answer naming streamHost as where to stream (Plotly's "stream-host").
        private static PlotCreationAnswer SuccessNamingStreamHost(string streamHost)
        {
            return PlotCreationAnswer.FromJson(200, "{\"error\": \"\", \"stream-status\": \"All Streams Go!\", \"stream-host\": \"" + streamHost + "\", \"url\": \"u\"}");
        }

        private static void AssertServer(string host, int port, bool useTls, ServerAddress server)
        {
            Assert.AreEqual(host, server.Host);
            Assert.AreEqual(port, server.Port);
            Assert.AreEqual(useTls, server.UseTls);
        }
    }
}
