using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What a <c>/clientresp</c> answer means, judged as the npm <c>plotly</c> client judges it: the JSON must carry
    /// an <c>error</c> string, empty on success; <c>stream-status</c> is "All Streams Go!" when the stream tokens are
    /// ready; <c>stream-host</c> says where to stream. The board and the virtual device both read an answer with
    /// <see cref="FromJson"/>.
    /// </summary>
    public sealed class PlotCreationAnswer
    {
        /// <summary>The stream status a ready plot reports.</summary>
        public const string AllStreamsGo = "All Streams Go!";

        private PlotCreationAnswer(bool succeeded, bool isServerFault, string failure, string advice, string url, string streamStatus, string streamHost, string message, string warning, string fileName)
        {
            Succeeded = succeeded;
            IsServerFault = isServerFault;
            Failure = failure;
            Advice = advice;
            Url = url;
            StreamStatus = streamStatus;
            StreamHost = streamHost;
            Message = message;
            Warning = warning;
            FileName = fileName;
        }

        /// <summary>True when the plot was created (HTTP 2xx and an empty <c>error</c>).</summary>
        public bool Succeeded { get; }

        /// <summary>
        /// True when the server failed (HTTP 5xx: a database down, a proxy in front of a server that is restarting) rather
        /// than judged the request: the same request may make the plot later. A refusal (4xx, an <c>error</c>) or an answer
        /// that is not Plotly's is the configuration's to fix, and asking again gets the same answer.
        /// </summary>
        public bool IsServerFault { get; }

        /// <summary>Why it failed, as a sentence; empty on success.</summary>
        public string Failure { get; }

        /// <summary>
        /// What to check after a failure, as a sentence, or an empty string when <see cref="Failure"/> says it already (an
        /// answer that is not Plotly's) or there is nothing to check on the device: the account's keys when the server
        /// refused them, nothing of the device's when the server failed (5xx: a database down, a proxy in front of a
        /// server that is restarting).
        /// </summary>
        public string Advice { get; }

        /// <summary>The plot's shareable address.</summary>
        public string Url { get; }

        /// <summary>The <c>stream-status</c> field.</summary>
        public string StreamStatus { get; }

        /// <summary>The <c>stream-host</c> field, as sent.</summary>
        public string StreamHost { get; }

        /// <summary>The server's <c>message</c>.</summary>
        public string Message { get; }

        /// <summary>The server's <c>warning</c>.</summary>
        public string Warning { get; }

        /// <summary>The plot's file name as the server stored it.</summary>
        public string FileName { get; }

        /// <summary>True when the server says the streams are ready ("All Streams Go!").</summary>
        public bool StreamsReady => StreamStatus == AllStreamsGo;

        // What follows "not a Plotly /clientresp answer" whichever way the answer fails to be one.
        private const string NotPlotlyAdvice = " (the npm plotly client would crash on it); check the server address";

        private const string AccountAdvice = "Check server.user and server.apiKey.";

        private const string ServerFaultAdvice = "That is the server's own trouble, not the account's: nothing to change on the device.";

        /// <summary>
        /// Judges an answer from its HTTP status and its body. The text fields are read from the JSON text itself
        /// (<see cref="JsonSourceText"/>), because nanoFramework.Json turns text it can read as a date, such as a file
        /// name "Ward 3 monitor (2)" or an error quoting a time, into a DateTime and loses the text.
        /// </summary>
        public static PlotCreationAnswer FromJson(int httpStatusCode, string body)
        {
            var fields = new JsonSourceText(body);
            string trimmed = body.Trim();
            bool isObject = fields.IsWellFormed && trimmed.Length > 0 && trimmed[0] == '{';
            if (!isObject && httpStatusCode >= 200 && httpStatusCode <= 299)
            {
                string failure = (fields.IsWellFormed ? "the answer is not a JSON object" : "the answer is not JSON")
                    + ", so it is not a Plotly /clientresp answer" + NotPlotlyAdvice;
                return new PlotCreationAnswer(false, false, failure, "", "", "", "", "", "", "");
            }

            return Interpret(httpStatusCode, Text(fields, "error"), Text(fields, "stream-status"), Text(fields, "stream-host"),
                Text(fields, "url"), Text(fields, "message"), Text(fields, "warning"), Text(fields, "filename"));
        }

        // Judges an answer from its HTTP status and its JSON fields (null for a field that is absent).
        private static PlotCreationAnswer Interpret(int httpStatusCode, string? error, string? streamStatus, string? streamHost, string? url, string? message, string? warning, string? fileName)
        {
            string failure = "";
            string advice = "";
            bool isServerFault = httpStatusCode >= 500;
            if (httpStatusCode < 200 || httpStatusCode > 299)
            {
                failure = "the server answered HTTP " + httpStatusCode.ToString() + (error != null && error.Length > 0 ? ": " + error : "");
                advice = isServerFault ? ServerFaultAdvice : AccountAdvice;
            }
            else if (error == null)
            {
                failure = "the answer has no 'error' field, so it is not a Plotly /clientresp answer" + NotPlotlyAdvice;
            }
            else if (error.Length > 0)
            {
                failure = "the server refused to create the plot: " + error;
                advice = AccountAdvice;
            }

            return new PlotCreationAnswer(failure.Length == 0, isServerFault, failure, advice, url ?? "", streamStatus ?? "", streamHost ?? "", message ?? "", warning ?? "", fileName ?? "");
        }

        // A text field of the answer, or null when it is absent or holds no text.
        private static string? Text(JsonSourceText fields, string key)
        {
            string text;
            return fields.TryGetText(key, out text) ? text : null;
        }

        /// <summary>
        /// Where to stream: the <c>stream-host</c> when the answer names one (its scheme and port when it gives them,
        /// otherwise those of <paramref name="configured"/>), else <paramref name="configured"/>. The npm client keeps
        /// only the host name; keeping a port the server states is what a device on a non-standard port needs. A device
        /// set up for https never moves its streams to plain http (<see cref="RefusesPlainHttp"/>): it streams to
        /// <paramref name="configured"/>, which just answered <c>/clientresp</c> and so is a stream server.
        /// </summary>
        public ServerAddress ResolveStreamServer(ServerAddress configured)
        {
            ServerAddress named = Named(configured);
            return configured.UseTls && !named.UseTls ? configured : named;
        }

        /// <summary>
        /// True when <paramref name="configured"/> is https and the <c>stream-host</c> names plain http: following it would
        /// send the stream tokens unencrypted, so <see cref="ResolveStreamServer"/> keeps <paramref name="configured"/>.
        /// </summary>
        public bool RefusesPlainHttp(ServerAddress configured)
        {
            return configured.UseTls && !Named(configured).UseTls;
        }

        // The address the stream-host names, completed from configured; configured when it names none.
        private ServerAddress Named(ServerAddress configured)
        {
            string text = StreamHost.Trim();
            if (text.Length == 0)
            {
                return configured;
            }

            bool hasScheme = text.IndexOf("://") >= 0;
            ServerAddress parsed = ServerAddress.Parse(text);
            string authority = hasScheme ? text.Substring(text.IndexOf("://") + 3) : text;
            if (authority.EndsWith("/"))
            {
                authority = authority.Substring(0, authority.Length - 1);
            }

            bool hasPort = authority.StartsWith("[") ? authority.IndexOf("]:") >= 0 : authority.IndexOf(':') >= 0;
            bool useTls = hasScheme ? parsed.UseTls : configured.UseTls;
            int port = hasPort ? parsed.Port : configured.Port;
            return new ServerAddress(parsed.Host, port, useTls);
        }
    }
}
