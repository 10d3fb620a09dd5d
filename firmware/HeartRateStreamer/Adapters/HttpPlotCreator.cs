using System;
using System.Collections;
using System.IO;
using System.Net.Http;
using System.Net.Http.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;
using nanoFramework.Json;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Creates the streaming plot at boot with <c>POST /clientresp</c> over nanoFramework's HttpClient. Core builds the
    /// body (<see cref="PlotCreationRequest"/>) and judges the answer (<see cref="PlotCreationAnswer"/>); this adapter only
    /// carries the bytes and reads the JSON fields with nanoFramework.Json.
    /// </summary>
    public sealed class HttpPlotCreator : IPlotCreator
    {
        private readonly X509Certificate? _certificateAuthority;
        private readonly int _timeoutMilliseconds;

        /// <summary>
        /// Creates the adapter; <paramref name="certificateAuthorityPem"/> (PEM from the configuration) verifies an https
        /// server, and each request gives up after <paramref name="timeoutMilliseconds"/>.
        /// </summary>
        public HttpPlotCreator(string? certificateAuthorityPem, int timeoutMilliseconds)
        {
            if (timeoutMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(timeoutMilliseconds), "Give plot creation a timeout of at least 1 ms so boot cannot hang on it.");
            }

            _timeoutMilliseconds = timeoutMilliseconds;
            if (certificateAuthorityPem != null && certificateAuthorityPem.Length > 0)
            {
                _certificateAuthority = new X509Certificate(certificateAuthorityPem);
            }
        }

        /// <summary>
        /// Posts <paramref name="request"/> to <paramref name="server"/> and returns the judged answer. A failure to reach
        /// the server throws <see cref="IOException"/> with the reason.
        /// </summary>
        public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
        {
            byte[] body = request.BuildBody();
            string uri = server.ToString() + PlotCreationRequest.Path;
            try
            {
                using (var client = new HttpClient())
                {
                    client.Timeout = TimeSpan.FromMilliseconds(_timeoutMilliseconds);
                    if (_certificateAuthority != null)
                    {
                        client.HttpsAuthentCert = _certificateAuthority;
                    }

                    var content = new ByteArrayContent(body, 0, body.Length);
                    content.Headers.ContentType = new MediaTypeHeaderValue(PlotCreationRequest.ContentType);
                    using (HttpResponseMessage response = client.Post(uri, content))
                    {
                        string json = response.Content.ReadAsString();
                        return Interpret((int)response.StatusCode, json);
                    }
                }
            }
            catch (HttpRequestException e)
            {
                throw new IOException("creating the plot at " + uri + " failed: " + e.Message);
            }
        }

        private static PlotCreationAnswer Interpret(int statusCode, string json)
        {
            Hashtable fields;
            try
            {
                fields = (Hashtable)JsonConvert.DeserializeObject(json, typeof(Hashtable));
            }
            catch (Exception e)
            {
                // nanoFramework.Json throws its own DeserializationException for text that is not JSON.
                return PlotCreationAnswer.Interpret(statusCode, "the answer is not JSON (" + e.Message + ")", null, null, null, null, null, null);
            }

            return PlotCreationAnswer.Interpret(
                statusCode,
                Field(fields, "error"),
                Field(fields, "stream-status"),
                Field(fields, "stream-host"),
                Field(fields, "url"),
                Field(fields, "message"),
                Field(fields, "warning"),
                Field(fields, "filename"));
        }

        private static string? Field(Hashtable fields, string name)
        {
            return fields.Contains(name) ? fields[name] as string : null;
        }
    }
}
