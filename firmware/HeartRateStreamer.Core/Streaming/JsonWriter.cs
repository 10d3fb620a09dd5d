using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Writes JSON into a caller-owned byte array without allocating: integers, fixed-decimal numbers
    /// (never an exponent, always '.', whatever the culture), escaped UTF-8 strings and Plotly date strings.
    /// The hot path of the stream writer formats every point with it, so nothing here may create objects.
    /// </summary>
    public sealed class JsonWriter
    {
        /// <summary>The most decimals <see cref="WriteFixed"/> accepts: 10^9 times a value still fits a long comfortably.</summary>
        public const int MaximumDecimals = 9;

        // |value * 10^decimals| must stay below long.MaxValue (9.22e18) to be rounded into a long.
        private const double LargestScaledValue = 9.0e18;

        private const long MillisecondsPerDay = TimeSpan.TicksPerDay / TimeSpan.TicksPerMillisecond;

        // "yyyy-mm-dd HH:MM:SS.sss" with its quotes.
        private const int UtcTimestampLength = 25;

        private static readonly long[] s_powersOfTen =
        {
            1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
        };

        private static readonly byte[] s_hexDigits =
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f',
        };

        private readonly byte[] _buffer;
        private readonly int _start;
        private readonly byte[] _digits = new byte[20];
        private int _position;

        /// <summary>Creates a writer over a new buffer of <paramref name="capacityBytes"/> bytes.</summary>
        public JsonWriter(int capacityBytes)
            : this(new byte[CheckCapacity(capacityBytes)], 0)
        {
        }

        /// <summary>Creates a writer that fills <paramref name="buffer"/> from <paramref name="startOffset"/> on.</summary>
        public JsonWriter(byte[] buffer, int startOffset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer), "Pass the byte array the JSON is to be written into.");
            }

            if (startOffset < 0 || startOffset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(startOffset), "The start offset must lie inside the buffer.");
            }

            _buffer = buffer;
            _start = startOffset;
            _position = startOffset;
        }

        /// <summary>The array the JSON is written into.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Where the JSON starts in <see cref="Buffer"/>.</summary>
        public int Start => _start;

        /// <summary>Where the next byte goes; may be moved anywhere between <see cref="Start"/> and the end of the buffer.</summary>
        public int Position
        {
            get => _position;
            set
            {
                if (value < _start || value > _buffer.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "The position must lie between the writer's start and the end of its buffer.");
                }

                _position = value;
            }
        }

        /// <summary>Bytes written since <see cref="Start"/>.</summary>
        public int Length => _position - _start;

        /// <summary>Bytes still free in the buffer.</summary>
        public int Remaining => _buffer.Length - _position;

        /// <summary>
        /// When true, '&amp;', '+' and '%' inside strings are written as \u escapes. The JSON means the same, but it then
        /// survives a server that decodes an un-encoded form body (/clientresp) with a standard form decoder.
        /// </summary>
        public bool EscapeFormDelimiters { get; set; }

        /// <summary>Starts again at <see cref="Start"/>.</summary>
        public void Reset()
        {
            _position = _start;
        }

        /// <summary>Writes one raw byte.</summary>
        public void WriteByte(byte value)
        {
            Ensure(1);
            _buffer[_position++] = value;
        }

        /// <summary>Writes ASCII text as it is (punctuation, keys, literals); it is not escaped, so it must be valid JSON there.</summary>
        public void WriteAscii(string text)
        {
            int length = text.Length;
            Ensure(length);
            for (int i = 0; i < length; i++)
            {
                _buffer[_position++] = AsciiByte(text[i]);
            }
        }

        /// <summary>Writes bytes prepared with <see cref="Ascii"/>: one copy, where <see cref="WriteAscii"/> reads the text a character at a time.</summary>
        public void WriteBytes(byte[] ascii)
        {
            Ensure(ascii.Length);
            Array.Copy(ascii, 0, _buffer, _position, ascii.Length);
            _position += ascii.Length;
        }

        /// <summary>ASCII <paramref name="text"/> as bytes, made once for text written often (a frame's keys); see <see cref="WriteBytes"/>.</summary>
        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = AsciiByte(text[i]);
            }

            return bytes;
        }

        // A character of raw JSON text as its byte: raw text is not escaped, so it must be ASCII.
        private static byte AsciiByte(char c)
        {
            if (c > 0x7F)
            {
                throw new ArgumentException("Raw JSON text must be ASCII; write text with other characters through WriteString.", "text");
            }

            return (byte)c;
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void WriteNull()
        {
            WriteAscii("null");
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        public void WriteBoolean(bool value)
        {
            WriteAscii(value ? "true" : "false");
        }

        /// <summary>Writes a whole number in decimal.</summary>
        public void WriteInteger(long value)
        {
            if (value == long.MinValue)
            {
                // Its magnitude has no positive long; it is the one case the digit loop cannot negate.
                WriteAscii("-9223372036854775808");
                return;
            }

            if (value < 0)
            {
                WriteByte((byte)'-');
                value = -value;
            }

            WriteDigits(value, 1);
        }

        /// <summary>
        /// Writes <paramref name="value"/> rounded half away from zero to exactly <paramref name="decimals"/> decimals,
        /// e.g. 72.456 with 1 decimal as <c>72.5</c>. NaN, infinities and magnitudes too large for fixed notation
        /// (9·10^18 and more once scaled by 10^decimals) are written as <c>null</c>, which Plotly draws as a gap.
        /// </summary>
        public void WriteFixed(double value, int decimals)
        {
            if (decimals < 0 || decimals > MaximumDecimals)
            {
                throw new ArgumentOutOfRangeException(nameof(decimals), "Decimals must be between 0 and 9.");
            }

            long rounded;
            if (!TryScale(value, decimals, out rounded))
            {
                WriteNull();
                return;
            }

            if (rounded < 0)
            {
                WriteByte((byte)'-');
                rounded = -rounded;
            }

            long scale = s_powersOfTen[decimals];
            WriteDigits(rounded / scale, 1);
            if (decimals > 0)
            {
                WriteByte((byte)'.');
                WriteDigits(rounded % scale, decimals);
            }
        }

        /// <summary>
        /// Scales <paramref name="value"/> by 10^<paramref name="decimals"/> and rounds it half away from zero, the
        /// integer <see cref="WriteFixed"/> prints. False for NaN, infinities and values too large for fixed notation.
        /// </summary>
        public static bool TryScale(double value, int decimals, out long scaled)
        {
            double product = value * s_powersOfTen[decimals];
            if (double.IsNaN(product) || product >= LargestScaledValue || product <= -LargestScaledValue)
            {
                scaled = 0;
                return false;
            }

            scaled = (long)(product < 0 ? product - 0.5 : product + 0.5);
            return true;
        }

        /// <summary>
        /// Writes a JSON string: quoted, escaped (RFC 8259 §7) and encoded as UTF-8, on .NET and on the nanoFramework
        /// interpreter alike. The interpreter keeps strings as UTF-8: a lone surrogate in a literal is already U+FFFD
        /// there (written as its UTF-8), and a character outside the BMP reads back through <c>text[i]</c> as its high
        /// surrogate twice, so its low half is fetched with <c>ToCharArray(i, 2)</c>, which converts the whole
        /// character. That two-char array is the only allocation here and happens only for such characters on the
        /// interpreter; plot, trace and axis names are written once per plot, never per point.
        /// </summary>
        public void WriteString(string text)
        {
            WriteByte((byte)'"');
            int length = text.Length;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    WriteAsciiCharacter(c);
                }
                else if (c < 0x800)
                {
                    Ensure(2);
                    _buffer[_position++] = (byte)(0xC0 | (c >> 6));
                    _buffer[_position++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (IsHighSurrogate(c) && i + 1 < length)
                {
                    char next = text[i + 1];
                    if (next == c)
                    {
                        // The interpreter's reading of one non-BMP character (or, on .NET, two equal lone high surrogates).
                        next = text.ToCharArray(i, 2)[1];
                    }

                    if (IsLowSurrogate(next))
                    {
                        WriteCodePoint(0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00));
                        i++;
                    }
                    else
                    {
                        WriteUnicodeEscape(c);
                    }
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate (only .NET keeps one) has no UTF-8 form; the \u escape keeps the JSON valid and the text unchanged.
                    WriteUnicodeEscape(c);
                }
                else
                {
                    Ensure(3);
                    _buffer[_position++] = (byte)(0xE0 | (c >> 12));
                    _buffer[_position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    _buffer[_position++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            WriteByte((byte)'"');
        }

        /// <summary>
        /// Writes a UTC instant as a quoted Plotly date string, <c>"2026-11-28 18:57:02.123"</c>
        /// (the "yyyy-mm-dd HH:MM:SS.sss" form plotly.js parses as a date axis value).
        /// </summary>
        public void WriteUtcTimestamp(long unixMilliseconds)
        {
            long days = unixMilliseconds / MillisecondsPerDay;
            long millisecondOfDay = unixMilliseconds % MillisecondsPerDay;
            if (millisecondOfDay < 0)
            {
                days--;
                millisecondOfDay += MillisecondsPerDay;
            }

            // Civil date from days since 1970-01-01 (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil inverse).
            long shifted = days + 719468;
            long era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
            long dayOfEra = shifted - era * 146097;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            long monthIndex = (5 * dayOfYear + 2) / 153;
            long day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
            long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
            long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

            if (year < 0 || year > 9999)
            {
                throw new ArgumentOutOfRangeException(nameof(unixMilliseconds), "Plotly dates need a year between 0 and 9999; check the clock origin.");
            }

            // Every field has a fixed width, so the room for the whole string is checked once: this runs once a frame,
            // and on the interpreter a call per separator and per field check would cost more than the digits.
            Ensure(UtcTimestampLength);
            _buffer[_position++] = (byte)'"';
            PutFixedWidth(year, 4);
            _buffer[_position++] = (byte)'-';
            PutFixedWidth(month, 2);
            _buffer[_position++] = (byte)'-';
            PutFixedWidth(day, 2);
            _buffer[_position++] = (byte)' ';
            PutFixedWidth(millisecondOfDay / 3600000, 2);
            _buffer[_position++] = (byte)':';
            PutFixedWidth(millisecondOfDay / 60000 % 60, 2);
            _buffer[_position++] = (byte)':';
            PutFixedWidth(millisecondOfDay / 1000 % 60, 2);
            _buffer[_position++] = (byte)'.';
            PutFixedWidth(millisecondOfDay % 1000, 3);
            _buffer[_position++] = (byte)'"';
        }

        // Writes the last `digits` decimal digits of a non-negative value, zero-padded, into room already ensured.
        private void PutFixedWidth(long value, int digits)
        {
            for (int i = digits - 1; i >= 0; i--)
            {
                _buffer[_position + i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }

            _position += digits;
        }

        private void WriteAsciiCharacter(char c)
        {
            switch (c)
            {
                case '"':
                    WriteTwo((byte)'\\', (byte)'"');
                    return;
                case '\\':
                    WriteTwo((byte)'\\', (byte)'\\');
                    return;
                case '\n':
                    WriteTwo((byte)'\\', (byte)'n');
                    return;
                case '\r':
                    WriteTwo((byte)'\\', (byte)'r');
                    return;
                case '\t':
                    WriteTwo((byte)'\\', (byte)'t');
                    return;
                case '\b':
                    WriteTwo((byte)'\\', (byte)'b');
                    return;
                case '\f':
                    WriteTwo((byte)'\\', (byte)'f');
                    return;
            }

            if (c < 0x20 || (EscapeFormDelimiters && (c == '&' || c == '+' || c == '%')))
            {
                WriteUnicodeEscape(c);
                return;
            }

            WriteByte((byte)c);
        }

        private static bool IsHighSurrogate(char c) => c >= 0xD800 && c <= 0xDBFF;

        private static bool IsLowSurrogate(char c) => c >= 0xDC00 && c <= 0xDFFF;

        // A code point from U+10000 to U+10FFFF as its four UTF-8 bytes.
        private void WriteCodePoint(int codePoint)
        {
            Ensure(4);
            _buffer[_position++] = (byte)(0xF0 | (codePoint >> 18));
            _buffer[_position++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            _buffer[_position++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            _buffer[_position++] = (byte)(0x80 | (codePoint & 0x3F));
        }

        private void WriteTwo(byte first, byte second)
        {
            Ensure(2);
            _buffer[_position++] = first;
            _buffer[_position++] = second;
        }

        private void WriteUnicodeEscape(char c)
        {
            Ensure(6);
            _buffer[_position++] = (byte)'\\';
            _buffer[_position++] = (byte)'u';
            _buffer[_position++] = s_hexDigits[(c >> 12) & 0xF];
            _buffer[_position++] = s_hexDigits[(c >> 8) & 0xF];
            _buffer[_position++] = s_hexDigits[(c >> 4) & 0xF];
            _buffer[_position++] = s_hexDigits[c & 0xF];
        }

        // Writes a non-negative number with at least minimumDigits digits (zero-padded on the left).
        private void WriteDigits(long value, int minimumDigits)
        {
            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);

            while (count < minimumDigits)
            {
                _digits[count++] = (byte)'0';
            }

            Ensure(count);
            while (count > 0)
            {
                _buffer[_position++] = _digits[--count];
            }
        }

        private void Ensure(int count)
        {
            if (_position + count > _buffer.Length)
            {
                throw new InvalidOperationException("The JSON buffer is full: it holds " + (_buffer.Length - _start).ToString()
                    + " bytes. Give the writer a larger buffer or write less per message.");
            }
        }

        private static int CheckCapacity(int capacityBytes)
        {
            if (capacityBytes <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(capacityBytes), "A JSON buffer needs at least one byte.");
            }

            return capacityBytes;
        }
    }
}
