using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Device.Platform;
using System.Threading;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Creates the streaming plot at boot with <c>POST /clientresp</c> over nanoFramework's HttpClient. Core builds the
    /// body (<see cref="PlotCreationRequest"/>) and reads and judges the answer (<see cref="PlotCreationAnswer.FromJson"/>);
    /// this adapter only carries the bytes.
    /// </summary>
    /// <remarks>
    /// nanoFramework's HttpClient wraps only DNS and TCP-connect failures in HttpRequestException (generic message, the
    /// reason in InnerException); a failed TLS handshake or a socket error while writing escapes raw as
    /// SocketException, CryptographicException, InvalidOperationException or plain Exception. So <see cref="Create"/>
    /// turns every exception into one <see cref="IOException"/> with the reason.
    /// Time is not bounded here: <see cref="HttpClient.Timeout"/> times only the wait for the response, while the DNS
    /// lookup (about 30 s in native code), the TCP connect and the TLS handshake (no limit) and writing the request
    /// (5 min by default) are outside it. Run <see cref="Create"/> where a deadline is enforced from outside.
    /// </remarks>
    public sealed class HttpPlotCreator : IPlotCreator
    {
        private readonly X509Certificate? _certificateAuthority;
        private readonly int _timeoutMilliseconds;

        /// <summary>
        /// Creates the adapter; <paramref name="certificateAuthorityPem"/> (PEM from the configuration) verifies an https
        /// server, and each request waits at most <paramref name="timeoutMilliseconds"/> for the server's answer.
        /// Throws <see cref="ArgumentException"/> when the certificate cannot be read.
        /// </summary>
        public HttpPlotCreator(string? certificateAuthorityPem, int timeoutMilliseconds)
        {
            if (timeoutMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(timeoutMilliseconds), "Give plot creation a timeout of at least 1 ms so boot cannot hang on it.");
            }

            _timeoutMilliseconds = timeoutMilliseconds;
            _certificateAuthority = CertificateAuthority.Parse(certificateAuthorityPem, nameof(certificateAuthorityPem));
        }

        /// <summary>
        /// Posts <paramref name="request"/> to <paramref name="server"/> and returns the judged answer. Any failure to
        /// exchange it throws <see cref="IOException"/> naming the uri, the exception type and the innermost reason.
        /// </summary>
        public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
        {
            string uri = server.ToString() + PlotCreationRequest.Path;
            try
            {
                return Exchange(uri, request);
            }
            catch (ThreadAbortException)
            {
                // A caller that gives up on this thread must see its abort, not a network failure.
                throw;
            }
            catch (Exception e)
            {
                throw new IOException("creating the plot at " + uri + " failed: " + NetworkFailureText.Describe(e), e);
            }
        }

        private PlotCreationAnswer Exchange(string uri, PlotCreationRequest request)
        {
            byte[] body = request.BuildBody();
            using (var client = new HttpClient())
            using (var content = new ByteArrayContent(body, 0, body.Length))
            {
                client.Timeout = TimeSpan.FromMilliseconds(_timeoutMilliseconds);
                if (_certificateAuthority != null)
                {
                    client.HttpsAuthentCert = _certificateAuthority;
                }

                content.Headers.ContentType = new MediaTypeHeaderValue(PlotCreationRequest.ContentType);
                using (HttpResponseMessage response = client.Post(uri, content))
                {
                    // Content is settable and may be null on an answer without a body.
                    HttpContent? answer = response.Content;
                    string json = answer == null ? "" : answer.ReadAsString();
                    return PlotCreationAnswer.FromJson((int)response.StatusCode, json);
                }
            }
        }
    }
}
