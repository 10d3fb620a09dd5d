using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>The /clientresp body in the npm plotly client's form: fixed field order, JSON not URL-encoded.</summary>
    [TestClass]
    public class PlotCreationRequestTests
    {
        [TestMethod]
        public static void BuildsTheBodyInTheNpmClientsForm()
        {
            var request = new PlotCreationRequest("u", "k", "f", "Heart", new PlotTrace[] { new PlotTrace("Pulse", "tok1", 200, 1) });
            string body = Body(request);

            // npm plotly@1.0.6 sends (protocol reference §1):
            // platform=nodejs&version=1.0.4&args=[{"x":[],"y":[],"stream":{"token":"tok1","maxpoints":200}}]&kwargs={"filename":"f","fileopt":"overwrite"}&un=u&key=k&origin=plot
            Assert.AreEqual(
                "platform=heartratestreamer&version=1.0"
                + "&args=[{\"x\":[],\"y\":[],\"type\":\"scatter\",\"mode\":\"lines\",\"name\":\"Pulse\",\"yaxis\":\"y\",\"stream\":{\"token\":\"tok1\",\"maxpoints\":200}}]"
                + "&kwargs={\"filename\":\"f\",\"fileopt\":\"overwrite\",\"world_readable\":true,\"layout\":{\"title\":{\"text\":\"Heart\"},"
                + "\"xaxis\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"y\"},\"yaxis\":{\"domain\":[0.000,1.000],\"title\":{\"text\":\"Pulse\"}}}}"
                + "&un=u&key=k&origin=plot",
                body);
        }

        [TestMethod]
        public static void SplitsIntoTheSevenFieldsInOrderAtTopLevelAmpersands()
        {
            var request = new PlotCreationRequest("user_1", "key.2", "heart & soul + 100%", "Pulse & SpO2", new PlotTrace[]
            {
                new PlotTrace("Pulse", "t1", 500, 1),
                new PlotTrace("Heart rate", "t2", 300, 2),
                new PlotTrace("SpO2 %", "t3", 300, 3),
            });
            string body = Body(request);

            // A plain split on '&' and the first '=' is what a standard form decoder does: it must still find exactly these fields.
            string[] fields = body.Split('&');
            string[] names = { "platform", "version", "args", "kwargs", "un", "key", "origin" };
            Assert.AreEqual(names.Length, fields.Length, "no '&' inside the JSON values");
            for (int i = 0; i < names.Length; i++)
            {
                Assert.StartsWith(names[i] + "=", fields[i], "field " + i.ToString());
            }

            Assert.DoesNotContains("+", body, "'+' would decode as a space");
            Assert.DoesNotContains("%", body, "'%' would start a percent-escape");
            Assert.Contains("\"filename\":\"heart \\u0026 soul \\u002b 100\\u0025\"", body);
            Assert.Contains("\"yaxis\":\"y3\",\"stream\":{\"token\":\"t3\",\"maxpoints\":300}", body);
            Assert.Contains("\"yaxis3\":{\"domain\":[0.000,0.293],\"anchor\":\"x\"", body);
            Assert.Contains("\"yaxis\":{\"domain\":[0.707,1.000]", body);
            Assert.Contains("\"xaxis\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"y3\"}", body, "one time axis, under the lowest row");
            Assert.AreEqual("un=user_1", fields[4]);
            Assert.AreEqual("origin=plot", fields[6]);
        }

        [TestMethod]
        public static void AWaveformGetsATimeAxisOfItsOwnSoTheReadingsMinutesDoNotSqueezeIt()
        {
            var pulse = new PlotTrace("Pulse", "t1", 500, 1);
            pulse.OwnTimeAxis = true;
            var request = new PlotCreationRequest("u", "k", "f", "t", new PlotTrace[]
            {
                pulse, new PlotTrace("Heart rate (bpm)", "t2", 500, 2), new PlotTrace("SpO2", "t3", 500, 3),
            });
            string body = Body(request);

            Assert.Contains("\"name\":\"Pulse\",\"yaxis\":\"y\",\"stream\"", body, "the wave on the first time axis");
            Assert.Contains("\"name\":\"Heart rate (bpm)\",\"yaxis\":\"y2\",\"xaxis\":\"x2\"", body, "the readings share the second");
            Assert.Contains("\"name\":\"SpO2\",\"yaxis\":\"y3\",\"xaxis\":\"x2\"", body);
            Assert.Contains("\"xaxis\":{\"anchor\":\"y\"},\"xaxis2\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"y3\"}", body,
                "the wave's axis under its row, the readings' under the lowest");
            Assert.Contains("\"yaxis\":{\"domain\":[0.733,1.000],\"title\"", body, "wider gaps leave room for the upper axis's labels");
            Assert.Contains("\"yaxis2\":{\"domain\":[0.367,0.633],\"anchor\":\"x2\"", body);
            Assert.Contains("\"yaxis3\":{\"domain\":[0.000,0.267],\"anchor\":\"x2\"", body);
        }

        [TestMethod]
        public static void AWaveformSaysSoInTheFigureSoThePageShowsNoNumberForIt()
        {
            var pulse = new PlotTrace("Pulse", "t1", 500, 1);
            pulse.Waveform = true;
            string body = Body(new PlotCreationRequest("u", "k", "f", "t", new PlotTrace[] { pulse, new PlotTrace("Heart rate (bpm)", "t2", 300, 2) }));

            Assert.Contains("\"name\":\"Pulse\",\"yaxis\":\"y\",\"meta\":{\"waveform\":true},\"stream\"", body);
            Assert.DoesNotContains("\"yaxis\":\"y2\",\"meta\"", body, "a reading is no waveform");
        }

        [TestMethod]
        public static void AWaveformAloneKeepsTheOneTimeAxis()
        {
            var pulse = new PlotTrace("Pulse", "t1", 500, 1);
            pulse.OwnTimeAxis = true;
            string body = Body(new PlotCreationRequest("u", "k", "f", "t", new PlotTrace[] { pulse }));

            Assert.Contains("\"xaxis\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"y\"}", body);
            Assert.DoesNotContains("x2", body);
        }

        [TestMethod]
        public static void DrawsReadingsAsStepsOnAxesThatShowAtLeastTheirRange()
        {
            var heartRate = new PlotTrace("Heart rate (bpm)", "t2", 300, 2);
            heartRate.Steps = true;
            heartRate.ShowAtLeast(40, 180);
            var request = new PlotCreationRequest("u", "k", "f", "t", new PlotTrace[] { new PlotTrace("Pulse", "t1", 500, 1), heartRate });
            string body = Body(request);

            Assert.Contains("\"name\":\"Pulse\",\"yaxis\":\"y\",\"stream\"", body, "a wave is a line");
            Assert.Contains("\"yaxis\":\"y2\",\"line\":{\"shape\":\"hv\"},\"stream\"", body, "a reading holds until the next");
            Assert.Contains("\"mode\":\"lines+markers\",\"name\":\"Heart rate (bpm)\"", body, "a reading not changed yet is one point: a marker shows it");
            Assert.Contains("\"mode\":\"lines\",\"name\":\"Pulse\"", body);
            Assert.Contains("\"title\":{\"text\":\"Heart rate (bpm)\"},\"autorangeoptions\":{\"include\":[40.0,180.0]}}", body);
            Assert.DoesNotContains("\"title\":{\"text\":\"Pulse\"},\"autorangeoptions\"", body);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => heartRate.ShowAtLeast(180, 40));
        }

        [DataRow("us er")]
        [DataRow("us\ter")]
        [DataRow("usér")]
        [DataRow("")]
        public static void RefusesUserNamesThatAreNotPrintableAscii(string userName)
        {
            Assert.ThrowsException(typeof(ArgumentException),
                () => new PlotCreationRequest(userName, "k", "f", "t", new PlotTrace[] { new PlotTrace("P", "t", 10, 1) }));
        }

        [TestMethod]
        public static void PercentEncodesAnApiKeyOfAnyPrintableCharacters()
        {
            // `openssl rand -base64 15`, as the stream server suggests, gives keys with '+' and '/'.
            string body = Body(new PlotCreationRequest("demo_user", "a+b/c=d&e%f#g~h.i", "f", "t", new PlotTrace[] { new PlotTrace("P", "t", 10, 1) }));

            Assert.Contains("&un=demo_user&key=a%2Bb%2Fc%3Dd%26e%25f%23g~h.i&origin=plot", body);
        }

        [TestMethod]
        public static void RefusesAPlotWithoutTraces()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new PlotCreationRequest("u", "k", "f", "t", new PlotTrace[0]));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new PlotTrace("P", "t", 10001, 1));
        }

        [TestMethod]
        public static void TheHttpRequestCarriesTheBodyWithItsLengthAndAsksTheServerToCloseAfterItsAnswer()
        {
            var request = new PlotCreationRequest("u", "k", "f", "Heart", new PlotTrace[] { new PlotTrace("Pulse", "tok1", 200, 1) });
            request.UserAgent = "HeartRateStreamer/1.0";
            byte[] message = request.BuildHttpRequest(ServerAddress.Parse("http://plots.example.org:8080"));
            string body = Body(request);

            Assert.AreEqual("POST /clientresp HTTP/1.1\r\nHost: plots.example.org:8080\r\nUser-Agent: HeartRateStreamer/1.0\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.Length.ToString() + "\r\nConnection: close\r\n\r\n" + body,
                TestText.Ascii(message, 0, message.Length));
        }

        [TestMethod]
        public static void TheHostFieldLeavesOutTheSchemesDefaultPortAndAnEmptyUserAgentIsNotSent()
        {
            var request = new PlotCreationRequest("u", "k", "f", "Heart", new PlotTrace[] { new PlotTrace("Pulse", "tok1", 200, 1) });
            byte[] message = request.BuildHttpRequest(ServerAddress.Parse("https://plots.example.org"));

            Assert.StartsWith("POST /clientresp HTTP/1.1\r\nHost: plots.example.org\r\nContent-Type: ", TestText.Ascii(message, 0, message.Length));
        }

        [TestMethod]
        public static void AUserAgentThatCannotGoInAHeaderIsRefused()
        {
            var request = new PlotCreationRequest("u", "k", "f", "Heart", new PlotTrace[] { new PlotTrace("Pulse", "tok1", 200, 1) });
            request.UserAgent = "Heart\r\nX-Smuggled: 1";

            Assert.ThrowsException(typeof(ArgumentException), () => request.BuildHttpRequest(ServerAddress.Parse("http://plots.example.org")));
        }

        private static string Body(PlotCreationRequest request)
        {
            byte[] body = request.BuildBody();
            return TestText.Ascii(body, 0, body.Length);
        }
    }
}
