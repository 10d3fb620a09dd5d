using System.IO.Pipelines;
using System.Text;
using HeartRateStreamer.StreamServer.Ingest;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>What arrives a byte at a time is searched once: a 16 KiB request head (before any authentication) and a
/// long stream line cost their length in work, not its square. Counts the bytes searched, not the time.</summary>
public sealed class LinearReadingTests
{
    [Fact]
    public async Task A16KiBHeadSentAByteAtATimeIsSearchedOnce()
    {
        string headers = string.Concat(Enumerable.Range(0, 400).Select(i => $"X-Header-{i:D3}: {new string('v', 24)}\r\n"));
        byte[] head = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\n" + headers + "\r\n");
        Assert.InRange(head.Length, 15_000, RequestHeadParser.MaxHeadBytes);
        var pipe = new Pipe();
        var parser = new RequestHeadParser();
        RequestHead? parsed = null;

        // As the connection middleware reads: each byte its own write and read, the unparsed rest given again.
        for (int i = 0; i < head.Length; i++)
        {
            await pipe.Writer.WriteAsync(new[] { head[i] });
            ReadResult read = await pipe.Reader.ReadAsync();
            bool complete = parser.TryParse(read.Buffer, out parsed, out SequencePosition consumed);
            pipe.Reader.AdvanceTo(consumed, read.Buffer.End);
            Assert.Equal(i == head.Length - 1, complete); // complete at the blank line's last byte, and not before
        }

        Assert.Equal(400, parsed!.Headers.Count);
        Assert.Equal(head.Length, parser.BytesSearched);
    }

    [Fact]
    public void ALongLineAppendedAByteAtATimeIsSearchedOnce()
    {
        byte[] line = Encoding.ASCII.GetBytes("{\"text\":\"" + new string('a', 64 * 1024) + "\"}\n");
        var lines = new LineBuffer();
        int complete = 0;

        foreach (byte b in line)
        {
            lines.Append(new System.Buffers.ReadOnlySequence<byte>(new[] { b }));
            while (lines.TryReadLine(out ReadOnlySpan<byte> read))
            {
                Assert.Equal(line.Length - 1, read.Length);
                complete++;
            }
        }

        Assert.Equal(1, complete);
        Assert.Equal(line.Length, lines.BytesSearched);
    }
}
