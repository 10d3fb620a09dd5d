using System.Buffers;
using System.Text;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Parses "METHOD TARGET HTTP/1.x" and header lines up to the blank line, tolerantly:
/// bare LF line ends, repeated headers, any header order. One per connection, fed each read as it comes: a complete
/// line is parsed once and consumed, and the unfinished line is searched for '\n' only where it was not searched
/// before, so a head that arrives a byte at a time costs its length, not its square (it is read before any
/// authentication).</summary>
public sealed class RequestHeadParser
{
    public const int MaxHeadBytes = 16 * 1024;

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);
    private string? _requestLine;
    private long _consumedBytes; // of the complete lines parsed so far
    private long _searchedBytes; // of the unfinished line, already searched for '\n'

    /// <summary>Bytes searched for a line end so far: the head's length when every byte is looked at once.</summary>
    public long BytesSearched { get; private set; }

    /// <summary>True when <paramref name="buffer"/> (what the connection holds after the bytes consumed before)
    /// completes the head. <paramref name="consumed"/> is just after the last complete line: the caller consumes up to it,
    /// and gives the rest again with the next bytes.</summary>
    /// <exception cref="FormatException">The head is malformed or over <see cref="MaxHeadBytes"/>.</exception>
    public bool TryParse(ReadOnlySequence<byte> buffer, out RequestHead? head, out SequencePosition consumed)
    {
        head = null;
        consumed = buffer.Start;
        while (true)
        {
            SequencePosition? newline = buffer.Slice(_searchedBytes).PositionOf((byte)'\n');
            if (newline is not SequencePosition end)
            {
                BytesSearched += buffer.Length - _searchedBytes;
                _searchedBytes = buffer.Length;
                CheckLength(_consumedBytes + buffer.Length);
                return false;
            }

            ReadOnlySequence<byte> lineBytes = buffer.Slice(0, end);
            BytesSearched += lineBytes.Length + 1 - _searchedBytes;
            _searchedBytes = 0;
            _consumedBytes += lineBytes.Length + 1;
            CheckLength(_consumedBytes);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            consumed = buffer.Start;
            if (ParseLine(Encoding.Latin1.GetString(lineBytes).TrimEnd('\r')) is RequestHead complete)
            {
                head = complete;
                return true;
            }
        }
    }

    // The head when this line (blank) ends it, else null.
    private RequestHead? ParseLine(string line)
    {
        if (_requestLine is null)
        {
            _requestLine = line;
            return null;
        }

        if (line.Length == 0)
        {
            string[] parts = _requestLine.Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                throw new FormatException($"request line '{_requestLine}' is not 'METHOD TARGET HTTP/1.1'");
            }

            return new RequestHead(parts[0], parts[1], _headers);
        }

        int colon = line.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"header line '{line}' has no name");
        }

        _headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        return null;
    }

    private static void CheckLength(long headBytes)
    {
        if (headBytes > MaxHeadBytes)
        {
            throw new FormatException($"request head is longer than {MaxHeadBytes} bytes");
        }
    }
}
