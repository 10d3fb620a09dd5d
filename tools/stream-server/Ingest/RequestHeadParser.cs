using System.Buffers;
using System.Text;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Parses "METHOD TARGET HTTP/1.x" and header lines up to the blank line, tolerantly:
/// bare LF line ends, repeated headers, any header order.</summary>
public static class RequestHeadParser
{
    public const int MaxHeadBytes = 16 * 1024;

    /// <summary>True when <paramref name="buffer"/> holds a complete head; <paramref name="consumed"/>
    /// is then just after it.</summary>
    /// <exception cref="FormatException">The head is malformed or over <see cref="MaxHeadBytes"/>.</exception>
    public static bool TryParse(ReadOnlySequence<byte> buffer, out RequestHead? head, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        string? requestLine = null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        head = null;
        consumed = buffer.Start;
        while (reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, (byte)'\n'))
        {
            if (reader.Consumed > MaxHeadBytes)
            {
                throw new FormatException($"request head is longer than {MaxHeadBytes} bytes");
            }

            string line = Encoding.Latin1.GetString(lineBytes).TrimEnd('\r');
            if (requestLine is null)
            {
                requestLine = line;
                continue;
            }

            if (line.Length == 0)
            {
                string[] parts = requestLine.Split(' ');
                if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
                {
                    throw new FormatException($"request line '{requestLine}' is not 'METHOD TARGET HTTP/1.1'");
                }

                head = new RequestHead(parts[0], parts[1], headers);
                consumed = reader.Position;
                return true;
            }

            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"header line '{line}' has no name");
            }

            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        if (reader.Remaining + reader.Consumed > MaxHeadBytes)
        {
            throw new FormatException($"request head is longer than {MaxHeadBytes} bytes");
        }

        return false;
    }
}
