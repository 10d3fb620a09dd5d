using System.Text;

namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>
/// Reads one HTTP/1.1 request with a chunked body from a socket stream, strictly by RFC 9112: CRLF line ends only,
/// "name: value" fields, 1*HEXDIG chunk sizes without extensions, exactly that many data bytes, CRLF after the data,
/// the last chunk "0" and an empty trailer section. Any deviation throws <see cref="InvalidDataException"/> with the offset.
/// </summary>
public sealed class ChunkedBodyReader(Stream stream)
{
    private readonly Stream _stream = stream;
    private long _offset;

    /// <summary>Body bytes read so far.</summary>
    public long BodyBytes { get; private set; }

    /// <summary>Reads the request line and the header fields.</summary>
    public (string RequestLine, List<KeyValuePair<string, string>> Fields) ReadHead()
    {
        string requestLine = ReadLine();
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            string line = ReadLine();
            if (line.Length == 0)
            {
                return (requestLine, fields);
            }

            int colon = line.IndexOf(':');
            if (colon <= 0 || line[colon - 1] == ' ' || line[0] == ' ' || line[0] == '\t')
            {
                throw Fail("a field line 'name: value', got '" + line + "'");
            }

            fields.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
    }

    /// <summary>Reads the next chunk's data; null after the last chunk and its empty trailer section.</summary>
    public byte[]? ReadChunk()
    {
        string sizeLine = ReadLine();
        if (sizeLine.Length == 0 || sizeLine.Length > 7 || !sizeLine.All(Uri.IsHexDigit))
        {
            throw Fail("a chunk size of 1 to 7 hex digits and no extension, got '" + sizeLine + "'");
        }

        int size = Convert.ToInt32(sizeLine, 16);
        if (size == 0)
        {
            if (ReadLine().Length != 0)
            {
                throw Fail("the empty trailer section after the last chunk");
            }

            return null;
        }

        var data = new byte[size];
        _stream.ReadExactly(data);
        _offset += size;
        BodyBytes += size;
        if (ReadByte() != '\r' || ReadByte() != '\n')
        {
            throw Fail("CRLF right after " + size + " bytes of chunk data");
        }

        return data;
    }

    /// <summary>Reads and throws away up to <paramref name="count"/> raw body bytes.</summary>
    public void Skip(int count)
    {
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        _offset += count;
        BodyBytes += count;
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            int b = ReadByte();
            if (b == '\r')
            {
                if (ReadByte() != '\n')
                {
                    throw Fail("LF after CR");
                }

                return line.ToString();
            }

            if (b == '\n')
            {
                throw Fail("CRLF, got a bare LF");
            }

            line.Append((char)b);
        }
    }

    private int ReadByte()
    {
        int b = _stream.ReadByte();
        if (b < 0)
        {
            throw new EndOfStreamException("the client closed the connection at byte " + _offset);
        }

        _offset++;
        return b;
    }

    private InvalidDataException Fail(string expected) => new("byte " + _offset + ": expected " + expected);
}
