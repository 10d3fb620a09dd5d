using System.Buffers;
using System.Net;
using System.Text;
using HeartRateStreamer.StreamServer.Hosting;
using Status = HeartRateStreamer.StreamServer.Hosting.ProxyProtocolHeader.Status;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>HAProxy's PROXY protocol header (doc/proxy-protocol.txt), both versions, as --proxy-protocol-port reads it.</summary>
public sealed class ProxyProtocolHeaderTests
{
    private static readonly byte[] s_signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
    private static readonly byte[] s_request = "GET /healthz HTTP/1.1\r\n"u8.ToArray();

    [Fact]
    public void Version_2_over_IPv4_gives_the_client_address_and_leaves_the_request()
    {
        byte[] header = V2(command: 1, family: 0x11, [192, 0, 2, 7, 10, 0, 0, 1, 0xC3, 0x50, 0x1F, 0x90]);

        Assert.Equal(Status.Parsed, Parse([.. header, .. s_request], out long consumed, out IPEndPoint? source, out _));
        Assert.Equal(header.Length, consumed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 50000), source);
    }

    [Fact]
    public void Version_2_over_IPv6_with_extensions_after_the_addresses()
    {
        byte[] addresses = [.. IPAddress.Parse("2001:db8::5").GetAddressBytes(), .. IPAddress.Parse("2001:db8::1").GetAddressBytes(), 0x04, 0xD2, 0x00, 0x50];
        byte[] extension = [0x04, 0x00, 0x01, 0x00]; // a TLV HAProxy may add (here: NOOP, one byte)
        byte[] header = V2(command: 1, family: 0x21, [.. addresses, .. extension]);

        Assert.Equal(Status.Parsed, Parse([.. header, .. s_request], out long consumed, out IPEndPoint? source, out _));
        Assert.Equal(header.Length, consumed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 1234), source);
    }

    [Fact]
    public void A_health_check_says_LOCAL_and_keeps_the_connections_own_address()
    {
        byte[] header = V2(command: 0, family: 0x00, []);

        Assert.Equal(Status.Parsed, Parse([.. header, .. s_request], out long consumed, out IPEndPoint? source, out _));
        Assert.Equal(16, consumed);
        Assert.Null(source);
    }

    [Fact]
    public void Version_1_lines()
    {
        byte[] tcp4 = "PROXY TCP4 198.51.100.9 10.0.0.1 40000 8080\r\n"u8.ToArray();
        Assert.Equal(Status.Parsed, Parse([.. tcp4, .. s_request], out long consumed, out IPEndPoint? source, out _));
        Assert.Equal(tcp4.Length, consumed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 40000), source);

        Assert.Equal(Status.Parsed, Parse("PROXY UNKNOWN\r\nGET"u8.ToArray(), out consumed, out source, out _));
        Assert.Equal(15, consumed);
        Assert.Null(source);
    }

    [Fact]
    public void A_header_that_has_not_all_arrived_asks_for_more()
    {
        byte[] header = V2(command: 1, family: 0x11, [192, 0, 2, 7, 10, 0, 0, 1, 0xC3, 0x50, 0x1F, 0x90]);
        foreach (int length in new[] { 0, 5, 12, 15, header.Length - 1 })
        {
            Assert.Equal(Status.Incomplete, Parse(header[..length], out _, out _, out _));
        }

        Assert.Equal(Status.Incomplete, Parse("PROXY TCP4 198.51.100.9 10.0"u8.ToArray(), out _, out _, out _));
    }

    [Fact]
    public void A_header_split_over_buffer_segments_is_read_whole()
    {
        byte[] header = V2(command: 1, family: 0x11, [192, 0, 2, 7, 10, 0, 0, 1, 0xC3, 0x50, 0x1F, 0x90]);
        var first = new Segment(header[..10]);
        Segment last = first.Append(header[10..20]).Append([.. header[20..], .. s_request]);

        Assert.Equal(Status.Parsed, ProxyProtocolHeader.TryParse(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), out long consumed, out IPEndPoint? source, out _));
        Assert.Equal(header.Length, consumed);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), source!.Address);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", "does not start with a PROXY protocol header")]
    [InlineData("POST / HTTP/1.1\r\n", "does not start with a PROXY protocol header")]
    [InlineData("PROXY TCP4 not-an-address 10.0.0.1 1 2\r\n", "is not 'PROXY TCP4|TCP6")]
    public void Anything_else_is_refused_with_what_was_wrong(string start, string problem)
    {
        Assert.Equal(Status.Invalid, Parse(Encoding.ASCII.GetBytes(start), out _, out _, out string? said));
        Assert.Contains(problem, said);
    }

    [Fact]
    public void A_version_2_header_with_another_version_or_command_is_refused()
    {
        byte[] header = V2(command: 1, family: 0x11, [192, 0, 2, 7, 10, 0, 0, 1, 0, 1, 0, 2]);
        header[12] = 0x31; // version 3

        Assert.Equal(Status.Invalid, Parse(header, out _, out _, out string? said));
        Assert.Contains("version 3", said);
    }

    [Fact]
    public void A_version_1_line_without_its_end_is_refused_after_its_longest_length()
    {
        Assert.Equal(Status.Invalid, Parse(Encoding.ASCII.GetBytes("PROXY TCP4 " + new string('1', 120)), out _, out _, out string? said));
        Assert.Contains("no CRLF within 107 bytes", said);
    }

    // Signature, version 2 and the command, family and transport, the length, the rest.
    private static byte[] V2(int command, byte family, byte[] rest) =>
        [.. s_signature, (byte)(0x20 | command), family, (byte)(rest.Length >> 8), (byte)rest.Length, .. rest];

    private static Status Parse(byte[] bytes, out long consumed, out IPEndPoint? source, out string? problem) =>
        ProxyProtocolHeader.TryParse(new ReadOnlySequence<byte>(bytes), out consumed, out source, out problem);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
