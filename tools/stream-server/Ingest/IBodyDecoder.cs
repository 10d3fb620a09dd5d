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
    /// <param name="body">Where the body bytes go; null skips them where they lie (the rest of a refused request,
    /// <see cref="RefusalDrain"/>): nothing is held or copied, however large a chunk.</param>
    BodyStatus Decode(ref SequenceReader<byte> reader, LineBuffer? body);

    /// <summary>The decoder for the body <paramref name="head"/> announces, or null with what is wrong with its framing.</summary>
    static IBodyDecoder? For(RequestHead head, out string? problem)
    {
        problem = null;
        if (head.Header("Transfer-Encoding") is string encoding)
        {
            if (encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return new ChunkedBodyDecoder();
            }

            problem = $"Transfer-Encoding '{encoding}' is not supported; send the body chunked, with a Content-Length, or until the connection closes";
            return null;
        }

        if (head.Header("Content-Length") is string length)
        {
            if (long.TryParse(length, out long contentLength) && contentLength >= 0)
            {
                return new LengthBodyDecoder(contentLength);
            }

            problem = $"Content-Length '{length}' is not a number of bytes; send the body's length in bytes, or send it chunked";
            return null;
        }

        return new LengthBodyDecoder(null);
    }
}
