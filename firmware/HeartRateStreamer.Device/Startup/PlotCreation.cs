using System;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Startup
{
    /// <summary>
    /// Plot creation on a thread of its own. The creator bounds the connect and the answer, but on a board the DNS
    /// lookup and the TLS handshake are native calls no timer ends, so the device waits for this job with a
    /// deadline of its own and streams anyway when it passes; whatever the job throws, of any type, becomes
    /// <see cref="Failure"/> with its innermost reason, never a reboot.
    /// </summary>
    public sealed class PlotCreation : OneShot
    {
        private readonly IPlotCreator _creator;
        private readonly ServerAddress _server;
        private readonly PlotCreationRequest _request;
        private PlotCreationAnswer? _answer;
        private string _failure = "";

        /// <summary>The job of posting <paramref name="request"/> to <paramref name="server"/>.</summary>
        public PlotCreation(IPlotCreator creator, ServerAddress server, PlotCreationRequest request, DeviceLog log)
            : base("plot creation", log)
        {
            _creator = creator;
            _server = server;
            _request = request;
        }

        /// <summary>The server's judged answer, or null when there was none.</summary>
        public PlotCreationAnswer? Answer => _answer;

        /// <summary>Why there is no answer, as a sentence ("creating the plot at ... failed: ..."), or an empty string.</summary>
        public string Failure => _failure;

        /// <summary>True once the job has its answer or its failure (set before <see cref="WhenDone"/> is called).</summary>
        public bool HasResult => _answer != null || _failure.Length > 0;

        /// <summary>Called when the job has finished, for a caller that does not wait for it (null: nobody is told).</summary>
        public PlotCreationDoneHandler? WhenDone { get; set; }

        /// <inheritdoc />
        protected override void Run()
        {
            try
            {
                _answer = _creator.Create(_server, _request);
            }
            catch (Exception e)
            {
                _failure = Describe(e, _server);
            }

            PlotCreationDoneHandler? whenDone = WhenDone;
            if (whenDone != null)
            {
                whenDone(this);
            }
        }

        /// <summary>
        /// What failed, in one sentence. The port's <see cref="System.IO.IOException"/> already is one ("creating the plot
        /// at ... failed: reason", the adapters put the inner reason in it); any other exception type is named with its
        /// innermost reason.
        /// </summary>
        private static string Describe(Exception error, ServerAddress server)
        {
            if (error is System.IO.IOException)
            {
                return error.Message;
            }

            Exception innermost = error;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            string text = "creating the plot at " + server.ToString() + " failed: " + error.GetType().Name + ": " + error.Message;
            return innermost == error ? text : text + " (" + innermost.GetType().Name + ": " + innermost.Message + ")";
        }
    }
}
