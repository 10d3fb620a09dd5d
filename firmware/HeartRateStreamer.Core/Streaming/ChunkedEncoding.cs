using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) written into preallocated buffers: a chunk is its size in
    /// hexadecimal bytes, CRLF, the data, CRLF; the last chunk is <c>0\r\n\r\n</c>. The Plotly heartbeat is the
    /// one-byte chunk holding "\n".
    /// </summary>
    public static class ChunkedEncoding
    {
        /// <summary>Room to keep in front of a payload for its chunk-size line: up to 8 hex digits and CRLF.</summary>
        public const int HeaderReserveBytes = 10;

        /// <summary>The CRLF after a chunk's data.</summary>
        public const int TrailerBytes = 2;

        /// <summary>Bytes of the heartbeat chunk <c>1\r\n\n\r\n</c>.</summary>
        public const int HeartbeatLength = 6;

        /// <summary>Bytes of the last chunk <c>0\r\n\r\n</c> (no trailer fields).</summary>
        public const int LastChunkLength = 5;

        private const byte CarriageReturn = (byte)'\r';
        private const byte LineFeed = (byte)'\n';

        /// <summary>
        /// Writes the chunk-size line right in front of a payload already in <paramref name="buffer"/> at
        /// [payloadStart, payloadStart + payloadLength) and returns where the chunk now starts. The payload must
        /// have at least <see cref="HeaderReserveBytes"/> free bytes before it, so nothing is copied.
        /// </summary>
        public static int WriteSizeLineBefore(byte[] buffer, int payloadStart, int payloadLength)
        {
            if (payloadLength <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(payloadLength), "A data chunk carries at least one byte; a zero size would end the body.");
            }

            int digits = CountHexDigits(payloadLength);
            int start = payloadStart - digits - 2;
            if (start < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(payloadStart), "Leave ChunkedEncoding.HeaderReserveBytes free in front of the payload for its size line.");
            }

            WriteSizeLine(buffer, start, payloadLength);
            return start;
        }

        /// <summary>Writes the CRLF that closes a chunk at <paramref name="payloadEnd"/>; returns the index after it.</summary>
        public static int WriteTrailer(byte[] buffer, int payloadEnd)
        {
            buffer[payloadEnd] = CarriageReturn;
            buffer[payloadEnd + 1] = LineFeed;
            return payloadEnd + TrailerBytes;
        }

        /// <summary>Writes "<i>hex size</i>\r\n" at <paramref name="offset"/>; returns the bytes written.</summary>
        public static int WriteSizeLine(byte[] buffer, int offset, int size)
        {
            if (size < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(size), "A chunk size cannot be negative.");
            }

            int digits = CountHexDigits(size);
            for (int i = digits - 1; i >= 0; i--)
            {
                int nibble = size & 0xF;
                buffer[offset + i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                size >>= 4;
            }

            buffer[offset + digits] = CarriageReturn;
            buffer[offset + digits + 1] = LineFeed;
            return digits + 2;
        }

        /// <summary>Writes the heartbeat chunk <c>1\r\n\n\r\n</c>; returns <see cref="HeartbeatLength"/>.</summary>
        public static int WriteHeartbeat(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)'1';
            buffer[offset + 1] = CarriageReturn;
            buffer[offset + 2] = LineFeed;
            buffer[offset + 3] = LineFeed;
            buffer[offset + 4] = CarriageReturn;
            buffer[offset + 5] = LineFeed;
            return HeartbeatLength;
        }

        /// <summary>Writes the last chunk <c>0\r\n\r\n</c> that ends the body; returns <see cref="LastChunkLength"/>.</summary>
        public static int WriteLastChunk(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)'0';
            buffer[offset + 1] = CarriageReturn;
            buffer[offset + 2] = LineFeed;
            buffer[offset + 3] = CarriageReturn;
            buffer[offset + 4] = LineFeed;
            return LastChunkLength;
        }

        /// <summary>How many hex digits <paramref name="size"/> takes (1 for zero).</summary>
        public static int CountHexDigits(int size)
        {
            int digits = 1;
            while ((size >>= 4) != 0)
            {
                digits++;
            }

            return digits;
        }
    }
}
