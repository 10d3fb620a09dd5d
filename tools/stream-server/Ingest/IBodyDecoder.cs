using System.Buffers;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Turns the bytes after the request head into body bytes, whatever the framing.</summary>
public interface IBodyDecoder
{
    /// <summary>True when the end of the connection is now the end of the body (no length, or after the last chunk).</summary>
    bool EndsWithConnection { get; }

    /// <summary>After <see cref="BodyStatus.Malformed"/>: what was wrong with the framing and what to do, for the answer's detail.</summary>
    string? Problem { get; }

    /// <summary>Decodes what it can; leaves an incomplete chunk-size line unconsumed in <paramref name="reader"/>.</summary>
    BodyStatus Decode(ref SequenceReader<byte> reader, LineBuffer body);
}
