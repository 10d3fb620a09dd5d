using System;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Collects what a server sends back and reads its status line (RFC 9112 §4:
    /// <c>HTTP/1.1 408 Request Timeout\r\n</c>) and, for plot creation, its body. A Plotly stream server answers only
    /// when a stream ends or fails, so any byte received is the start of this answer. Bytes arrive in pieces; append
    /// them as they come.
    /// </summary>
    public sealed class ServerAnswer
    {
        private const int MaximumShownCharacters = 200;

        private readonly byte[] _bytes;
        private int _count;
        private int _statusCode;
        private bool _isMalformed;

        /// <summary>Creates a collector that keeps the first <paramref name="capacityBytes"/> bytes of an answer.</summary>
        public ServerAnswer(int capacityBytes)
        {
            if (capacityBytes < 32)
            {
                throw new ArgumentOutOfRangeException(nameof(capacityBytes), "Keep at least 32 bytes: a status line alone needs about that.");
            }

            _bytes = new byte[capacityBytes];
        }

        /// <summary>Bytes kept so far.</summary>
        public int ByteCount => _count;

        /// <summary>True when no more bytes can be kept.</summary>
        public bool IsFull => _count == _bytes.Length;

        /// <summary>True once a whole status line (or something that cannot be one) has arrived.</summary>
        public bool IsComplete => _statusCode != 0 || _isMalformed;

        /// <summary>The status code, 0 while the status line is incomplete or when the answer is not HTTP.</summary>
        public int StatusCode => _statusCode;

        /// <summary>True when the bytes received cannot be an HTTP status line.</summary>
        public bool IsMalformed => _isMalformed;

        /// <summary>
        /// True once the answer is whole: its head, and the body its Content-Length gives or every chunk of a chunked
        /// body up to the last (RFC 9112 §6.3, §7.1). An answer with neither ends when the server closes the connection.
        /// </summary>
        public bool IsWhole
        {
            get
            {
                int bodyStart = IndexOfBlankLine();
                if (bodyStart < 0)
                {
                    return false;
                }

                if (IsChunked(bodyStart))
                {
                    return WalkChunks(bodyStart, null) >= 0;
                }

                int declared = ContentLength(bodyStart);
                return declared >= 0 && _count - bodyStart >= declared;
            }
        }

        /// <summary>
        /// True when what arrived before the server closed the connection is a whole answer: a whole head, and either
        /// the whole body it announced or a body it did not announce a length for.
        /// </summary>
        public bool IsWholeWhenClosed
        {
            get
            {
                int bodyStart = IndexOfBlankLine();
                return bodyStart >= 0 && (IsWhole || (!IsChunked(bodyStart) && ContentLength(bodyStart) < 0));
            }
        }

        /// <summary>The body as text, its chunks joined; empty while the head is incomplete. Allocates: call it once the answer is whole.</summary>
        public string BodyText()
        {
            int bodyStart = IndexOfBlankLine();
            if (bodyStart < 0)
            {
                return "";
            }

            if (IsChunked(bodyStart))
            {
                int length = WalkChunks(bodyStart, null);
                if (length < 0)
                {
                    return "";
                }

                var body = new byte[length];
                WalkChunks(bodyStart, body);
                return Utf8Text.Decode(body, 0, length);
            }

            int available = _count - bodyStart;
            int declared = ContentLength(bodyStart);
            return Utf8Text.Decode(_bytes, bodyStart, declared >= 0 && declared < available ? declared : available);
        }

        /// <summary>Forgets the previous answer.</summary>
        public void Reset()
        {
            _count = 0;
            _statusCode = 0;
            _isMalformed = false;
        }

        /// <summary>Adds received bytes (what does not fit is dropped: the status line is at the front) and parses the status line once whole.</summary>
        public void Append(byte[] buffer, int offset, int count)
        {
            int kept = count < _bytes.Length - _count ? count : _bytes.Length - _count;
            Array.Copy(buffer, offset, _bytes, _count, kept);
            _count += kept;
            if (!IsComplete)
            {
                Parse();
            }
        }

        /// <summary>
        /// One line for the log, e.g. "408 Request Timeout (timeout on active data)" followed by the body's first
        /// characters when the server sent any. Allocates: call it when the answer is handled, not per frame.
        /// </summary>
        public string Describe()
        {
            return Describe(true);
        }

        /// <summary><see cref="Describe()"/> without the status's meaning to a stream, for an answer to another request.</summary>
        public string DescribeHttp()
        {
            return Describe(false);
        }

        private string Describe(bool streamMeaning)
        {
            if (_count == 0)
            {
                return "no answer (the connection closed without a status line)";
            }

            if (_statusCode == 0)
            {
                return "an answer that is not an HTTP status line: \"" + Printable(_bytes, 0, _count) + "\"";
            }

            int lineEnd = IndexOf((byte)'\n', 0);
            int reasonStart = 13;  // "HTTP/1.1 404 " is 13 bytes
            string reason = lineEnd > reasonStart ? Printable(_bytes, reasonStart, lineEnd - reasonStart) : "";
            string text = _statusCode.ToString();
            if (reason.Length > 0)
            {
                text += " " + reason;
            }

            string meaning = streamMeaning ? PlotlyStatus.Describe(_statusCode) : "";
            if (meaning.Length > 0)
            {
                text += " (" + meaning + ")";
            }

            int bodyStart = IndexOfBlankLine();
            if (bodyStart <= 0 || bodyStart >= _count)
            {
                return text;
            }

            string detail;
            if (new JsonSourceText(BodyText()).TryGetText("detail", out detail) && detail.Length > 0)
            {
                // The stream server's answers carry Plotly's message (the meaning above says it), this connection's
                // counts, and what was wrong and what to do in "detail": that is shown (up to 200 characters, as any
                // body), not cut off behind the rest.
                return text + ": " + Printable(detail);
            }

            // A whole chunked body is shown without its chunk sizes; anything else as it came.
            int chunkedLength = IsChunked(bodyStart) ? WalkChunks(bodyStart, null) : -1;
            if (chunkedLength < 0)
            {
                text += ": " + Printable(_bytes, bodyStart, _count - bodyStart);
            }
            else if (chunkedLength > 0)
            {
                var body = new byte[chunkedLength];
                WalkChunks(bodyStart, body);
                text += ": " + Printable(body, 0, chunkedLength);
            }

            return text;
        }

        private void Parse()
        {
            // Status line: "HTTP/" DIGIT "." DIGIT SP 3DIGIT SP [reason] CRLF (RFC 9112 §4).
            const string Prefix = "HTTP/";
            int checkedBytes = _count < Prefix.Length ? _count : Prefix.Length;
            for (int i = 0; i < checkedBytes; i++)
            {
                if (_bytes[i] != Prefix[i])
                {
                    _isMalformed = true;
                    return;
                }
            }

            int lineEnd = IndexOf((byte)'\n', 0);
            if (lineEnd < 0)
            {
                if (_count == _bytes.Length)
                {
                    _isMalformed = true;
                }

                return;
            }

            if (lineEnd < 12 || !IsDigit(5) || _bytes[6] != '.' || !IsDigit(7) || _bytes[8] != ' '
                || !IsDigit(9) || !IsDigit(10) || !IsDigit(11) || (lineEnd > 12 && _bytes[12] != ' ' && _bytes[12] != '\r'))
            {
                _isMalformed = true;
                return;
            }

            int code = (_bytes[9] - '0') * 100 + (_bytes[10] - '0') * 10 + (_bytes[11] - '0');
            if (code < 100)
            {
                _isMalformed = true;
                return;
            }

            _statusCode = code;
        }

        private bool IsDigit(int index)
        {
            return _bytes[index] >= '0' && _bytes[index] <= '9';
        }

        private int IndexOf(byte value, int start)
        {
            for (int i = start; i < _count; i++)
            {
                if (_bytes[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private bool IsChunked(int headEnd)
        {
            // The last coding is "chunked" when a body is chunked at all (RFC 9112 §6.1); a token search is enough here.
            int value = HeaderValue("transfer-encoding", headEnd);
            if (value < 0)
            {
                return false;
            }

            const string Chunked = "chunked";
            for (int at = value; at + Chunked.Length <= headEnd && _bytes[at] != '\n'; at++)
            {
                if (MatchesLowerCase(at, Chunked))
                {
                    return true;
                }
            }

            return false;
        }

        // The Content-Length's value, or -1 when there is none (or it is not a number).
        private int ContentLength(int headEnd)
        {
            int at = HeaderValue("content-length", headEnd);
            if (at < 0 || at >= headEnd || !IsDigit(at))
            {
                return -1;
            }

            int length = 0;
            for (; at < headEnd && IsDigit(at); at++)
            {
                if (length > int.MaxValue / 10 - 9)
                {
                    return -1;
                }

                length = length * 10 + (_bytes[at] - '0');
            }

            return length;
        }

        // Where the value of the header field `lowerCaseName` starts (after its colon and blanks), or -1 without one.
        private int HeaderValue(string lowerCaseName, int headEnd)
        {
            for (int line = IndexOf((byte)'\n', 0) + 1; line > 0 && line < headEnd; line = IndexOf((byte)'\n', line) + 1)
            {
                int colon = line + lowerCaseName.Length;
                if (colon < headEnd && _bytes[colon] == ':' && MatchesLowerCase(line, lowerCaseName))
                {
                    int value = colon + 1;
                    while (value < headEnd && (_bytes[value] == ' ' || _bytes[value] == '\t'))
                    {
                        value++;
                    }

                    return value;
                }
            }

            return -1;
        }

        private bool MatchesLowerCase(int at, string lowerCase)
        {
            for (int i = 0; i < lowerCase.Length; i++)
            {
                int b = _bytes[at + i];
                if (b >= 'A' && b <= 'Z')
                {
                    b += 'a' - 'A';
                }

                if (b != lowerCase[i])
                {
                    return false;
                }
            }

            return true;
        }

        // Walks a chunked body from `start` (RFC 9112 §7.1: hex size, optional extensions, CRLF, data, CRLF; size 0, then
        // trailers and a blank line, end it), copying the data into `into` when given. Returns the data's length once the
        // body has ended, -1 until then (or for good, when a size line is not hex).
        private int WalkChunks(int start, byte[]? into)
        {
            int length = 0;
            int at = start;
            while (true)
            {
                int lineEnd = IndexOf((byte)'\n', at);
                if (lineEnd < 0)
                {
                    return -1;
                }

                int size = 0;
                int digits = 0;
                for (int i = at; i < lineEnd && HexValue(_bytes[i]) >= 0; i++, digits++)
                {
                    if (size > (int.MaxValue >> 4) - 1)
                    {
                        return -1;
                    }

                    size = (size << 4) | HexValue(_bytes[i]);
                }

                if (digits == 0)
                {
                    return -1;
                }

                if (size == 0)
                {
                    return TrailersEnd(lineEnd + 1) ? length : -1;
                }

                int data = lineEnd + 1;
                int after = data + size;
                if (after < data || after >= _count)
                {
                    return -1;
                }

                if (_bytes[after] == '\r')
                {
                    after++;
                }

                if (after >= _count || _bytes[after] != '\n')
                {
                    return -1;
                }

                if (into != null)
                {
                    Array.Copy(_bytes, data, into, length, size);
                }

                length += size;
                at = after + 1;
            }
        }

        // Whether the trailer section from `start` has ended with its blank line (RFC 9112 §7.1.2; its fields are ignored).
        private bool TrailersEnd(int start)
        {
            for (int line = start; line < _count;)
            {
                int lineEnd = IndexOf((byte)'\n', line);
                if (lineEnd < 0)
                {
                    return false;
                }

                if (lineEnd == line || (lineEnd == line + 1 && _bytes[line] == '\r'))
                {
                    return true;
                }

                line = lineEnd + 1;
            }

            return false;
        }

        private static int HexValue(byte b)
        {
            return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
        }

        private int IndexOfBlankLine()
        {
            for (int i = 0; i + 1 < _count; i++)
            {
                if (_bytes[i] == '\n' && (_bytes[i + 1] == '\n' || (_bytes[i + 1] == '\r' && i + 2 < _count && _bytes[i + 2] == '\n')))
                {
                    return _bytes[i + 1] == '\n' ? i + 2 : i + 3;
                }
            }

            return -1;
        }

        private static string Printable(byte[] bytes, int start, int length)
        {
            var characters = new char[length < MaximumShownCharacters ? length : MaximumShownCharacters];
            for (int i = 0; i < characters.Length; i++)
            {
                // Mapped before a string is made: a NUL would end the string on the device (a byte of a multi-byte UTF-8
                // character is not printable ASCII either).
                byte b = bytes[start + i];
                characters[i] = b == '\r' || b == '\n' || (b >= 0x20 && b < 0x7F) ? (char)b : '?';
            }

            return Printable(new string(characters));
        }

        // The text on one log line: line breaks become one space, anything but printable ASCII '?', at most 200 characters.
        private static string Printable(string text)
        {
            int length = text.Length < MaximumShownCharacters ? text.Length : MaximumShownCharacters;
            var characters = new char[length];
            int shown = 0;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                if (c == '\r' || c == '\n')
                {
                    if (shown > 0 && characters[shown - 1] != ' ')
                    {
                        characters[shown++] = ' ';
                    }

                    continue;
                }

                characters[shown++] = c >= ' ' && c < (char)0x7F ? c : '?';
            }

            while (shown > 0 && characters[shown - 1] == ' ')
            {
                shown--;
            }

            return new string(characters, 0, shown);
        }
    }
}
