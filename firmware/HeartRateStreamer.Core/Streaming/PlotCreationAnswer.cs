namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What a <c>/clientresp</c> answer means, judged as the npm <c>plotly</c> client judges it: the JSON must carry
    /// an <c>error</c> string, empty on success; <c>stream-status</c> is "All Streams Go!" when the stream tokens are
    /// ready; <c>stream-host</c> says where to stream. The adapter parses the JSON; this class validates the values.
    /// </summary>
    public sealed class PlotCreationAnswer
    {
        /// <summary>The stream status a ready plot reports.</summary>
        public const string AllStreamsGo = "All Streams Go!";

        private PlotCreationAnswer(bool succeeded, string failure, string url, string streamStatus, string streamHost, string message, string warning, string fileName)
        {
            Succeeded = succeeded;
            Failure = failure;
            Url = url;
            StreamStatus = streamStatus;
            StreamHost = streamHost;
            Message = message;
            Warning = warning;
            FileName = fileName;
        }

        /// <summary>True when the plot was created (HTTP 2xx and an empty <c>error</c>).</summary>
        public bool Succeeded { get; }

        /// <summary>Why it failed, as a sentence; empty on success.</summary>
        public string Failure { get; }

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

        /// <summary>
        /// Judges an answer from its HTTP status and its JSON fields (null for a field that is absent).
        /// </summary>
        public static PlotCreationAnswer Interpret(int httpStatusCode, string? error, string? streamStatus, string? streamHost, string? url, string? message, string? warning, string? fileName)
        {
            string failure = "";
            if (httpStatusCode < 200 || httpStatusCode > 299)
            {
                failure = "the server answered HTTP " + httpStatusCode.ToString() + (error != null && error.Length > 0 ? ": " + error : "");
            }
            else if (error == null)
            {
                failure = "the answer has no 'error' field, so it is not a Plotly /clientresp answer (the npm plotly client would crash on it); check the server address";
            }
            else if (error.Length > 0)
            {
                failure = "the server refused to create the plot: " + error;
            }

            return new PlotCreationAnswer(failure.Length == 0, failure, url ?? "", streamStatus ?? "", streamHost ?? "", message ?? "", warning ?? "", fileName ?? "");
        }

        /// <summary>
        /// Where to stream: the <c>stream-host</c> when the answer names one (its scheme and port when it gives them,
        /// otherwise those of <paramref name="configured"/>), else <paramref name="configured"/>. The npm client keeps
        /// only the host name; keeping a port the server states is what a device on a non-standard port needs.
        /// </summary>
        public ServerAddress ResolveStreamServer(ServerAddress configured)
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
