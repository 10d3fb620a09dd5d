using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// The request line and header fields that open one Plotly stream, built once per stream so a reconnect sends
    /// the same preallocated bytes:
    /// <code>
    /// POST / HTTP/1.1\r\n
    /// Host: stream.example.org:8080\r\n
    /// User-Agent: HeartRateStreamer/1.0\r\n
    /// Transfer-Encoding: chunked\r\n
    /// Connection: close\r\n
    /// plotly-streamtoken: abc123\r\n
    /// \r\n
    /// </code>
    /// </summary>
    public sealed class RequestHead
    {
        private readonly byte[] _bytes;
        private readonly int _length;

        /// <summary>
        /// Builds the head for <paramref name="token"/> on <paramref name="server"/>. The token and user agent must be
        /// visible ASCII (RFC 9110 §5.5 field values), so no header can be smuggled into the request.
        /// </summary>
        public RequestHead(ServerAddress server, string token, string userAgent)
        {
            if (server == null)
            {
                throw new ArgumentNullException(nameof(server), "Pass the server the stream connects to.");
            }

            Server = server;
            CheckFieldValue(token, "stream token", nameof(token), false);
            CheckFieldValue(userAgent, "user agent", nameof(userAgent), true);

            string host = server.HostField;
            var writer = new JsonWriter(160 + host.Length + token.Length + userAgent.Length);
            writer.WriteAscii("POST / HTTP/1.1\r\nHost: ");
            writer.WriteAscii(host);
            writer.WriteAscii("\r\nUser-Agent: ");
            writer.WriteAscii(userAgent);
            writer.WriteAscii("\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nplotly-streamtoken: ");
            writer.WriteAscii(token);
            writer.WriteAscii("\r\n\r\n");

            _bytes = writer.Buffer;
            _length = writer.Length;
        }

        /// <summary>The head's bytes, from index 0 to <see cref="Length"/>.</summary>
        public byte[] Bytes => _bytes;

        /// <summary>The server the head was built for.</summary>
        public ServerAddress Server { get; }

        /// <summary>How many bytes of <see cref="Bytes"/> make up the head.</summary>
        public int Length => _length;

        /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="what"/> when <paramref name="value"/> is
        /// empty or has a character that cannot go in a header field value.</summary>
        internal static void CheckFieldValue(string value, string what, string parameterName, bool spacesAllowed)
        {
            if (value == null || value.Length == 0)
            {
                throw new ArgumentException("The " + what + " is empty; set it in the configuration.", parameterName);
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c > '~' || c < ' ' || (c == ' ' && !spacesAllowed))
                {
                    throw new ArgumentException("The " + what + " '" + value + "' has a character that cannot go in an HTTP header (position "
                        + i.ToString() + "); use visible ASCII" + (spacesAllowed ? "." : " without spaces."), parameterName);
                }
            }
        }
    }
}
