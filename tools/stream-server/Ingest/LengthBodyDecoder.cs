using System.Buffers;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>A body of known Content-Length, or (length null) one that lasts until the client
/// closes: embedded clients that stream without chunked coding.</summary>
public sealed class LengthBodyDecoder : IBodyDecoder
{
    private long? _remaining;

    public LengthBodyDecoder(long? contentLength)
    {
        _remaining = contentLength;
    }

    public bool EndsWithConnection => _remaining is null;

    public string? Problem => null; // any bytes are body bytes

    public BodyStatus Decode(ref SequenceReader<byte> reader, LineBuffer? body)
    {
        long count = Math.Min(_remaining ?? long.MaxValue, reader.Remaining);
        body?.Append(reader.UnreadSequence.Slice(0, count));
        reader.Advance(count);
        _remaining -= count;
        return _remaining == 0 ? BodyStatus.Done : BodyStatus.NeedMoreData;
    }
}
