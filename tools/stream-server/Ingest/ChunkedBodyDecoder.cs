using System.Buffers;
using System.Buffers.Text;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Chunked transfer coding, decoded by us rather than Kestrel because real Plotly clients
/// break the rules: Python's chunked_request sends "\r\n0\r\n\r\n" (a blank line before the last
/// chunk), which Kestrel rejects as "Bad chunk size data" and loses the buffered data with it.
/// Blank lines where a chunk size is expected are skipped. The CRLF after each chunk's data is checked, and the chunk is
/// held (<see cref="LineBuffer.AppendHeld"/>) until it is there: a size that does not match the data (Python counts
/// characters, not bytes) is a framing error, answered 400 before any of that chunk is applied. Without a
/// <see cref="LineBuffer"/> (the rest of a refused request, <see cref="RefusalDrain"/>) the chunk data is skipped as it
/// comes, its sizes and CRLFs still checked.</summary>
public sealed class ChunkedBodyDecoder : IBodyDecoder
{
    private const int MaxSizeLineBytes = 1024;

    private long _remainingInChunk;
    private long _chunkSize; // of the chunk being read, for the problem when its CRLF is missing
    private bool _awaitingChunkEnd; // its data is all read: the CRLF after it comes next
    private bool _inTrailer;

    private const string Framing = "frame each chunk as its size in hex, CRLF, the bytes, CRLF (0 CRLF CRLF ends the body)";

    // After the last chunk only the trailer's blank line is missing: a client that closes there has sent everything.
    public bool EndsWithConnection => _inTrailer;

    public string? Problem { get; private set; }

    public BodyStatus Decode(ref SequenceReader<byte> reader, LineBuffer? body)
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

                body?.AppendHeld(reader.UnreadSequence.Slice(0, count));
                reader.Advance(count);
                _remainingInChunk -= count;
                _awaitingChunkEnd = _remainingInChunk == 0;
                continue;
            }

            if (_awaitingChunkEnd)
            {
                if (!reader.TryPeek(out byte first) || (first == (byte)'\r' && reader.Remaining < 2))
                {
                    return BodyStatus.NeedMoreData;
                }

                if (first != (byte)'\r' || !reader.TryPeek(1, out byte second) || second != (byte)'\n')
                {
                    body?.DropHeld();
                    return Malformed($"the chunk of {_chunkSize} bytes (size {_chunkSize:x}) is not followed by CRLF, so its size does not match its data; "
                        + $"nothing of it was applied. Give each chunk's size in bytes, not characters (a UTF-8 'é' is 2 bytes); {Framing}");
                }

                reader.Advance(2);
                body?.Confirm();
                _awaitingChunkEnd = false;
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

            _remainingInChunk = _chunkSize = chunkSize;
            _inTrailer = chunkSize == 0;
        }
    }

    private BodyStatus Malformed(string problem)
    {
        Problem = problem;
        return BodyStatus.Malformed;
    }
}
