using System.IO;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Startup
{
    /// <summary>
    /// <c>POST /clientresp</c> over the platform's own transport, the one the streams use: the board and the virtual
    /// device send the same bytes and read the answer with the same code. Connecting is bounded by the transport's
    /// deadline and the answer by <see cref="NetworkTimeouts.PlotAnswerMilliseconds"/>; what stays unbounded is native
    /// (a board's DNS lookup and TLS handshake, see SocketTransport), which is why the device also waits for this job
    /// with a deadline of its own (<see cref="PlotCreation"/>). The transport is closed on every way out, so a job the
    /// device stopped waiting for still closes its socket once those bounds pass.
    /// </summary>
    public sealed class TransportPlotCreator : IPlotCreator
    {
        // Plotly's answer is a small JSON object (url, message, warning, error, filename, stream-status, stream-host):
        // one longer than this is not Plotly's.
        private const int AnswerCapacityBytes = 8192;

        private const int ReceiveBufferBytes = 512;

        private readonly TransportFactory _createTransport;
        private readonly IClock _clock;

        /// <summary>Creates plots over transports from <paramref name="createTransport"/>, timed by <paramref name="clock"/>.</summary>
        public TransportPlotCreator(TransportFactory createTransport, IClock clock)
        {
            _createTransport = createTransport;
            _clock = clock;
        }

        /// <inheritdoc />
        public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
        {
            byte[] message = request.BuildHttpRequest(server);
            ITransport transport = _createTransport();
            try
            {
                transport.Connect(server.Host, server.Port, server.UseTls);
                transport.Send(message, 0, message.Length);
                ServerAnswer answer = ReceiveAnswer(transport);
                return PlotCreationAnswer.FromJson(answer.StatusCode, answer.BodyText());
            }
            catch (IOException e)
            {
                throw new IOException("creating the plot at " + server.ToString() + PlotCreationRequest.Path + " failed: " + e.Message, e);
            }
            finally
            {
                transport.Close();
            }
        }

        // Reads until the answer is whole, or the server closes after a whole one; anything else is an IOException that
        // says what came.
        private ServerAnswer ReceiveAnswer(ITransport transport)
        {
            var answer = new ServerAnswer(AnswerCapacityBytes);
            var buffer = new byte[ReceiveBufferBytes];
            long deadline = _clock.Milliseconds + NetworkTimeouts.PlotAnswerMilliseconds;
            while (!answer.IsWhole)
            {
                long left = deadline - _clock.Milliseconds;
                if (left <= 0)
                {
                    throw new IOException("no whole answer within " + NetworkTimeouts.PlotAnswerMilliseconds.ToString() + " ms"
                        + (answer.ByteCount > 0 ? "; what came: " + answer.DescribeHttp() : ""));
                }

                int received = transport.Receive(buffer, 0, buffer.Length, (int)left);
                if (received < 0)
                {
                    if (answer.StatusCode != 0 && answer.IsWholeWhenClosed)
                    {
                        return answer;
                    }

                    throw new IOException("the server closed the connection before a whole answer: " + answer.DescribeHttp());
                }

                answer.Append(buffer, 0, received);
                if (answer.IsMalformed)
                {
                    throw new IOException("the server did not answer in HTTP: " + answer.DescribeHttp());
                }

                if (answer.IsFull && !answer.IsWhole)
                {
                    throw new IOException("the answer is longer than " + AnswerCapacityBytes.ToString()
                        + " bytes, so it is not a Plotly /clientresp answer: " + answer.DescribeHttp());
                }
            }

            return answer;
        }
    }
}
