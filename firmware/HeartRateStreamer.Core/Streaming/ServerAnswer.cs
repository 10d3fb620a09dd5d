using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Collects what a stream server sends back and reads its status line (RFC 9112 §4:
    /// <c>HTTP/1.1 408 Request Timeout\r\n</c>). A Plotly stream server answers only when a stream ends or fails,
    /// so any byte received is the start of this answer. Bytes arrive in pieces; append them as they come.
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
            if (_count == 0)
            {
                return "no answer (the connection closed without a status line)";
            }

            if (_statusCode == 0)
            {
                return "an answer that is not an HTTP status line: \"" + Printable(0, _count) + "\"";
            }

            int lineEnd = IndexOf((byte)'\n', 0);
            int reasonStart = 13;  // "HTTP/1.1 404 " is 13 bytes
            string reason = lineEnd > reasonStart ? Printable(reasonStart, lineEnd - reasonStart) : "";
            string text = _statusCode.ToString();
            if (reason.Length > 0)
            {
                text += " " + reason;
            }

            string meaning = PlotlyStatus.Describe(_statusCode);
            if (meaning.Length > 0)
            {
                text += " (" + meaning + ")";
            }

            int bodyStart = IndexOfBlankLine();
            if (bodyStart > 0 && bodyStart < _count)
            {
                text += ": " + Printable(bodyStart, _count - bodyStart);
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

        private string Printable(int start, int length)
        {
            if (length > MaximumShownCharacters)
            {
                length = MaximumShownCharacters;
            }

            var characters = new char[length];
            int shown = 0;
            for (int i = start; i < start + length; i++)
            {
                byte b = _bytes[i];
                if (b == '\r' || b == '\n')
                {
                    if (shown > 0 && characters[shown - 1] != ' ')
                    {
                        characters[shown++] = ' ';
                    }

                    continue;
                }

                characters[shown++] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }

            while (shown > 0 && characters[shown - 1] == ' ')
            {
                shown--;
            }

            return new string(characters, 0, shown);
        }
    }
}
