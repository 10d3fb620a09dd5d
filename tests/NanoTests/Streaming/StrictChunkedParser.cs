using System.Collections;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// A strict reader of one HTTP/1.1 request with a chunked body, written from RFC 9112 for these tests and
    /// independent of the code under test. Request line (§3): method SP target SP "HTTP/1.1" CRLF. Field lines
    /// (§5): token ":" OWS value OWS CRLF, no obsolete line folding, then CRLF. Body (§7.1): chunk-size is 1*HEXDIG
    /// with no chunk extensions (our writer sends none), CRLF, exactly chunk-size bytes, CRLF; the last chunk is "0"
    /// CRLF followed by an empty trailer section, CRLF. A bare LF anywhere a CRLF belongs is an error. Every
    /// violation throws <see cref="MalformedMessageException"/> naming the byte offset.
    /// </summary>
    public class StrictChunkedParser
    {
        private readonly byte[] _data;
        private readonly int _count;
        private readonly ArrayList _fieldNames = new ArrayList();
        private readonly ArrayList _fieldValues = new ArrayList();
        private readonly ArrayList _chunks = new ArrayList();
        private int _position;

        /// <summary>Parses data[0..count). With <paramref name="requireEnd"/> false, a body cut after a whole chunk is accepted (a stream still open).</summary>
        public StrictChunkedParser(byte[] data, int count, bool requireEnd)
        {
            _data = data;
            _count = count;
            ParseRequestLine();
            ParseFieldLines();
            ParseBody(requireEnd);
            if (_position != _count)
            {
                Fail("bytes after the end of the message");
            }
        }

        /// <summary>The request method.</summary>
        public string Method { get; private set; } = "";

        /// <summary>The request target.</summary>
        public string Target { get; private set; } = "";

        /// <summary>Number of header fields.</summary>
        public int FieldCount => _fieldNames.Count;

        /// <summary>The chunks' payloads in order, each a byte[] (the last chunk excluded).</summary>
        public ArrayList Chunks => _chunks;

        /// <summary>True when the last chunk and the empty trailer section arrived.</summary>
        public bool Ended { get; private set; }

        /// <summary>Offset where the body starts (after the blank line).</summary>
        public int BodyOffset { get; private set; }

        /// <summary>The field's name at <paramref name="index"/>, as sent.</summary>
        public string GetFieldName(int index)
        {
            return (string)_fieldNames[index]!;
        }

        /// <summary>The value of the one field named <paramref name="name"/> (case-insensitive); throws when absent or repeated.</summary>
        public string GetField(string name)
        {
            string found = "";
            int matches = 0;
            for (int i = 0; i < _fieldNames.Count; i++)
            {
                if (((string)_fieldNames[i]!).ToLower() == name.ToLower())
                {
                    found = (string)_fieldValues[i]!;
                    matches++;
                }
            }

            if (matches != 1)
            {
                throw new MalformedMessageException("expected exactly one '" + name + "' field, found " + matches.ToString());
            }

            return found;
        }

        /// <summary>Chunk <paramref name="index"/> as text (ASCII/UTF-8 bytes below 0x80 only).</summary>
        public string ChunkText(int index)
        {
            byte[] chunk = (byte[])_chunks[index]!;
            return TestText.Ascii(chunk, 0, chunk.Length);
        }

        private void ParseRequestLine()
        {
            Method = ReadToken("method");
            ExpectByte((byte)' ', "a single SP after the method");
            int start = _position;
            while (_position < _count && _data[_position] > ' ' && _data[_position] < 0x7F)
            {
                _position++;
            }

            if (_position == start)
            {
                Fail("an empty request target");
            }

            Target = TestText.Ascii(_data, start, _position - start);
            ExpectByte((byte)' ', "a single SP after the request target");
            ExpectText("HTTP/1.1", "the protocol version HTTP/1.1");
            ExpectCrLf("the end of the request line");
        }

        private void ParseFieldLines()
        {
            while (true)
            {
                if (_position + 1 < _count && _data[_position] == '\r' && _data[_position + 1] == '\n')
                {
                    _position += 2;
                    BodyOffset = _position;
                    return;
                }

                if (_position < _count && (_data[_position] == ' ' || _data[_position] == '\t'))
                {
                    Fail("obsolete line folding (a field line starting with whitespace)");
                }

                string name = ReadToken("field name");
                ExpectByte((byte)':', "':' right after the field name (no whitespace before it)");
                SkipWhitespace();
                int start = _position;
                while (_position < _count && _data[_position] != '\r' && _data[_position] != '\n')
                {
                    byte b = _data[_position];
                    if ((b < 0x20 && b != '\t') || b == 0x7F)
                    {
                        Fail("a control character in the value of '" + name + "'");
                    }

                    _position++;
                }

                int end = _position;
                while (end > start && (_data[end - 1] == ' ' || _data[end - 1] == '\t'))
                {
                    end--;
                }

                ExpectCrLf("the end of field line '" + name + "'");
                _fieldNames.Add(name);
                _fieldValues.Add(TestText.Ascii(_data, start, end - start));
            }
        }

        private void ParseBody(bool requireEnd)
        {
            while (true)
            {
                if (_position == _count && !requireEnd)
                {
                    return;
                }

                int size = ReadChunkSize();
                ExpectCrLf("the end of the chunk-size line (chunk extensions are not expected)");
                if (size == 0)
                {
                    ExpectCrLf("the empty trailer section after the last chunk");
                    Ended = true;
                    return;
                }

                if (_position + size > _count)
                {
                    Fail("chunk data of " + size.ToString() + " bytes but only " + (_count - _position).ToString() + " follow");
                }

                var chunk = new byte[size];
                for (int i = 0; i < size; i++)
                {
                    chunk[i] = _data[_position + i];
                }

                _position += size;
                _chunks.Add(chunk);
                ExpectCrLf("CRLF right after " + size.ToString() + " bytes of chunk data");
            }
        }

        private int ReadChunkSize()
        {
            int start = _position;
            int size = 0;
            while (_position < _count)
            {
                int digit = HexValue(_data[_position]);
                if (digit < 0)
                {
                    break;
                }

                if (_position - start >= 7)
                {
                    Fail("a chunk size of more than 7 hex digits");
                }

                size = size * 16 + digit;
                _position++;
            }

            if (_position == start)
            {
                Fail("a chunk size (1*HEXDIG)");
            }

            return size;
        }

        private string ReadToken(string what)
        {
            int start = _position;
            while (_position < _count && IsTokenCharacter(_data[_position]))
            {
                _position++;
            }

            if (_position == start)
            {
                Fail("a " + what + " (a token)");
            }

            return TestText.Ascii(_data, start, _position - start);
        }

        private void SkipWhitespace()
        {
            while (_position < _count && (_data[_position] == ' ' || _data[_position] == '\t'))
            {
                _position++;
            }
        }

        private void ExpectByte(byte expected, string what)
        {
            if (_position >= _count || _data[_position] != expected)
            {
                Fail(what);
            }

            _position++;
        }

        private void ExpectText(string expected, string what)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                ExpectByte((byte)expected[i], what);
            }
        }

        private void ExpectCrLf(string what)
        {
            ExpectByte((byte)'\r', "CR of the CRLF at " + what);
            ExpectByte((byte)'\n', "LF of the CRLF at " + what);
        }

        private void Fail(string expected)
        {
            throw new MalformedMessageException("byte " + _position.ToString() + ": expected " + expected);
        }

        private static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9')
            {
                return b - '0';
            }

            if (b >= 'a' && b <= 'f')
            {
                return b - 'a' + 10;
            }

            if (b >= 'A' && b <= 'F')
            {
                return b - 'A' + 10;
            }

            return -1;
        }

        // tchar (RFC 9110 §5.6.2).
        private static bool IsTokenCharacter(byte b)
        {
            if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
            {
                return true;
            }

            return "!#$%&'*+-.^_`|~".IndexOf((char)b) >= 0;
        }
    }
}
