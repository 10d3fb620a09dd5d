using System.Buffers;
using System.Text;
using HeartRateStreamer.StreamServer.Ingest;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

public sealed class ChunkedBodyDecoderTests
{
    [Theory]
    [InlineData("11\r\n{\"y\": 1, \"x\": 1}\n\r\n0\r\n\r\n", "{\"y\": 1, \"x\": 1}\n")]
    [InlineData("11\r\n{\"x\": 1, \"y\": 2}\n\r\n1\r\n\n\r\n\r\n0\r\n\r\n", "{\"x\": 1, \"y\": 2}\n\n")] // Python's extra CRLF
    [InlineData("5;name=value\r\nhello\r\n0\r\nTrailer: x\r\n\r\n", "hello")] // extension and trailer
    [InlineData("A\r\n0123456789\r\n0\r\n\r\n", "0123456789")] // upper-case hex
    [InlineData("000000000a\r\n0123456789\r\n00\r\n\r\n", "0123456789")] // leading zeros (RFC 9112: 1*HEXDIG)
    public void DecodesRealFraming(string framed, string expectedBody)
    {
        (BodyStatus status, string body) = Decode(framed);

        Assert.Equal(BodyStatus.Done, status);
        Assert.Equal(expectedBody, body);
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n")]
    [InlineData("123456789\r\n")] // over 4 GiB of chunk
    [InlineData("-1\r\n")]
    public void RejectsBrokenSizes(string framed)
    {
        Assert.Equal(BodyStatus.Malformed, Decode(framed).Status);
    }

    [Fact]
    public void WaitsForTheRestOfAChunkSplitAcrossReads()
    {
        var decoder = new ChunkedBodyDecoder();
        var lines = new LineBuffer();
        byte[] framed = Encoding.ASCII.GetBytes("8\r\n{\"y\":1}\n\r\n0\r\n\r\n");
        BodyStatus status = BodyStatus.NeedMoreData;
        int offset = 0;

        // Feed one byte more each time, as a slow network would, keeping what the decoder left.
        for (int end = 1; end <= framed.Length && status == BodyStatus.NeedMoreData; end++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(framed, offset, end - offset));
            status = decoder.Decode(ref reader, lines);
            offset += (int)reader.Consumed;
        }

        Assert.Equal(BodyStatus.Done, status);
        Assert.True(lines.TryReadLine(out ReadOnlySpan<byte> line));
        Assert.Equal("{\"y\":1}", Encoding.ASCII.GetString(line));
    }

    private static (BodyStatus Status, string Body) Decode(string framed)
    {
        var decoder = new ChunkedBodyDecoder();
        var lines = new LineBuffer();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(framed)));
        BodyStatus status = decoder.Decode(ref reader, lines);
        return (status, Encoding.UTF8.GetString(lines.TakeRest()));
    }
}
