using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>
/// The header HAProxy puts before a connection's bytes with <c>send-proxy-v2</c> (or <c>send-proxy</c>): where the
/// client really connected from. Both versions of the PROXY protocol as HAProxy specifies it
/// (doc/proxy-protocol.txt: version 1 a text line, §2.1; version 2 binary, §2.2).
/// </summary>
public static class ProxyProtocolHeader
{
    public enum Status
    {
        /// <summary>More bytes are needed.</summary>
        Incomplete,

        /// <summary>Not a PROXY protocol header, or a broken one.</summary>
        Invalid,

        Parsed,
    }

    // §2.2: the twelve bytes every version 2 header starts with.
    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    // §2.1: "PROXY " starts a version 1 line, which is at most 107 bytes with its CRLF.
    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;
    private const int V1MaxLength = 107;

    // §2.2: signature, version and command, family and transport, two bytes of length.
    private const int V2FixedLength = 16;

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/>. When parsed, <paramref name="consumed"/> is its length and
    /// <paramref name="source"/> the client's address and port; null for a connection HAProxy makes itself (command LOCAL,
    /// a health check; "UNKNOWN" in version 1) or an address family other than IPv4 and IPv6, which keep the connection's own.
    /// When invalid, <paramref name="problem"/> says what is wrong.
    /// </summary>
    public static Status TryParse(ReadOnlySequence<byte> buffer, out long consumed, out IPEndPoint? source, out string? problem)
    {
        consumed = 0;
        source = null;
        problem = null;
        Span<byte> start = stackalloc byte[(int)Math.Min(buffer.Length, V1MaxLength)];
        buffer.Slice(0, start.Length).CopyTo(start);
        if (start.Length == 0)
        {
            return Status.Incomplete;
        }

        // The first byte tells which version it can be; the rest of its start must follow.
        bool v2 = start[0] == V2Signature[0];
        ReadOnlySpan<byte> expected = v2 ? V2Signature : V1Prefix;
        int compared = Math.Min(start.Length, expected.Length);
        if (!start[..compared].SequenceEqual(expected[..compared]))
        {
            problem = "the connection does not start with a PROXY protocol header";
            return Status.Invalid;
        }

        if (compared < expected.Length)
        {
            return Status.Incomplete;
        }

        return v2 ? TryParseV2(buffer, start, out consumed, out source, out problem) : TryParseV1(start, out consumed, out source, out problem);
    }

    private static Status TryParseV2(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> start, out long consumed, out IPEndPoint? source, out string? problem)
    {
        consumed = 0;
        source = null;
        problem = null;
        if (start.Length < V2FixedLength)
        {
            return Status.Incomplete;
        }

        int version = start[12] >> 4;
        int command = start[12] & 0x0F;
        int family = start[13] >> 4;
        int length = BinaryPrimitives.ReadUInt16BigEndian(start[14..16]);
        if (version != 2 || command > 1)
        {
            problem = $"PROXY protocol version {version}, command {command}: only version 2 with LOCAL (0) or PROXY (1) is defined";
            return Status.Invalid;
        }

        if (buffer.Length < V2FixedLength + length)
        {
            return Status.Incomplete;
        }

        consumed = V2FixedLength + length;
        // §2.2: family 1 is IPv4 (two 4-byte addresses, then two ports), 2 IPv6 (16-byte addresses); the rest keeps the
        // connection's own address, as LOCAL does.
        int addressBytes = family switch { 1 => 4, 2 => 16, _ => 0 };
        if (command == 0 || addressBytes == 0)
        {
            return Status.Parsed;
        }

        if (length < 2 * addressBytes + 4)
        {
            problem = $"the PROXY protocol header's {length} bytes of addresses are too few for its address family";
            return Status.Invalid;
        }

        Span<byte> addresses = stackalloc byte[2 * addressBytes + 4];
        buffer.Slice(V2FixedLength, addresses.Length).CopyTo(addresses);
        source = new IPEndPoint(new IPAddress(addresses[..addressBytes]), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * addressBytes)..]));
        return Status.Parsed;
    }

    // "PROXY TCP4 SOURCE DESTINATION SOURCEPORT DESTINATIONPORT\r\n", or "PROXY UNKNOWN ...\r\n".
    private static Status TryParseV1(ReadOnlySpan<byte> start, out long consumed, out IPEndPoint? source, out string? problem)
    {
        consumed = 0;
        source = null;
        problem = null;
        int end = start.IndexOf("\r\n"u8);
        if (end < 0)
        {
            if (start.Length < V1MaxLength)
            {
                return Status.Incomplete;
            }

            problem = $"the PROXY protocol line has no CRLF within {V1MaxLength} bytes";
            return Status.Invalid;
        }

        consumed = end + 2;
        string[] fields = Encoding.ASCII.GetString(start[..end]).Split(' ');
        if (fields.Length >= 2 && fields[1] == "UNKNOWN")
        {
            return Status.Parsed;
        }

        if (fields.Length != 6 || fields[1] is not ("TCP4" or "TCP6") || !IPAddress.TryParse(fields[2], out IPAddress? address)
            || !ushort.TryParse(fields[4], out ushort port))
        {
            problem = "the PROXY protocol line is not 'PROXY TCP4|TCP6 SOURCE DESTINATION SOURCEPORT DESTINATIONPORT'";
            return Status.Invalid;
        }

        source = new IPEndPoint(address, port);
        return Status.Parsed;
    }
}
