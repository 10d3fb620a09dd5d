using System.Buffers;
using System.Buffers.Text;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Chunked transfer coding, decoded by us rather than Kestrel because real Plotly clients
/// break the rules: Python's chunked_request sends "\r\n0\r\n\r\n" (a blank line before the last
/// chunk), which Kestrel rejects as "Bad chunk size data" and loses the buffered data with it.
/// Blank lines where a chunk size is expected are skipped; this also eats each chunk's own CRLF.</summary>
public sealed class ChunkedBodyDecoder : IBodyDecoder
{
    private const int MaxSizeLineBytes = 1024;

    private long _remainingInChunk;
    private bool _inTrailer;

    private const string Framing = "frame each chunk as its size in hex, CRLF, the bytes, CRLF (0 CRLF CRLF ends the body)";

    // After the last chunk only the trailer's blank line is missing: a client that closes there has sent everything.
    public bool EndsWithConnection => _inTrailer;

    public string? Problem { get; private set; }

    public BodyStatus Decode(ref SequenceReader<byte> reader, LineBuffer body)
    {
        while (true)
        {
            if (_remainingInChunk > 0)
            {
                long count = Math.Min(_remainingInChunk, reader.Remaining);
                if (count == 0)
                {
                    return BodyStatus.NeedMoreData;
                }

                body.Append(reader.UnreadSequence.Slice(0, count));
                reader.Advance(count);
                _remainingInChunk -= count;
                continue;
            }

            if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, (byte)'\n'))
            {
                return reader.Remaining > MaxSizeLineBytes ? Malformed($"a chunk size line is longer than {MaxSizeLineBytes} bytes; {Framing}") : BodyStatus.NeedMoreData;
            }

            ReadOnlySpan<byte> line = (lineBytes.IsSingleSegment ? lineBytes.FirstSpan : lineBytes.ToArray()).Trim(" \t\r"u8);
            if (_inTrailer)
            {
                // Trailer fields are ignored; the blank line after them ends the body.
                if (line.IsEmpty)
                {
                    return BodyStatus.Done;
                }

                continue;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            int extension = line.IndexOf((byte)';');
            ReadOnlySpan<byte> size = extension < 0 ? line : line[..extension].TrimEnd(" \t"u8);
            // Leading zeros are allowed (RFC 9112 §7.1: chunk-size = 1*HEXDIG); the limit is on the value's digits.
            while (size.Length > 1 && size[0] == (byte)'0')
            {
                size = size[1..];
            }

            if (size.Length > 8 || !Utf8Parser.TryParse(size, out uint chunkSize, out int used, 'x') || used != size.Length)
            {
                string shown = System.Text.Encoding.Latin1.GetString(size[..Math.Min(size.Length, 40)]);
                return Malformed($"chunk size '{shown}' is not hex of at most 8 digits; {Framing}");
            }

            _remainingInChunk = chunkSize;
            _inTrailer = chunkSize == 0;
        }
    }

    private BodyStatus Malformed(string problem)
    {
        Problem = problem;
        return BodyStatus.Malformed;
    }
}
