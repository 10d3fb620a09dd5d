using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>What the server does after refusing a request whose client may still be sending: reads and drops the rest of
/// that request, and no more, before closing. Closing with the client's bytes unread resets the connection: on Linux the
/// client's next send fails, so a client that stops at a failed send never reads the answer, and on Windows and lwIP (the
/// ESP32) a reset that arrives before the client read the answer throws the answer away. A client that has sent its whole
/// request and waits for the close is closed at once: only the rest of the body is waited for, never the client.</summary>
public static class RefusalDrain
{
    /// <summary>How long a refused client may go on sending the rest of its body: a device finishes its frame, or a line in
    /// flight arrives, well within it; a client whose body never ends holds its connection (and its place under
    /// --max-connections) no longer.</summary>
    public static readonly TimeSpan Time = TimeSpan.FromSeconds(2);

    /// <summary>How much of the rest a refused client may send meanwhile: the rest of a 10 MB line refused at --max-line-bytes.</summary>
    public const long Bytes = 16 * 1024 * 1024;

    /// <summary>The rest of a request refused at its head, by the framing its head announces; null when nothing of it is
    /// coming: a client that asked for "100 Continue" and did not get it sends no body (RFC 9110 §10.1.1), and a body in a
    /// framing the server cannot decode has no end it can find.</summary>
    public static IBodyDecoder? BodyAfterHead(RequestHead head) =>
        string.Equals(head.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase) ? null : IBodyDecoder.For(head, out _);

    /// <summary>Sends the answer written to <paramref name="output"/>, then reads and drops the rest of the body
    /// (<paramref name="rest"/>'s decoder stands where the refusal left it; null: nothing more is coming) until it ends, its
    /// framing breaks, the client closes its side, <see cref="Bytes"/> have come or <paramref name="time"/> (<see cref="Time"/>
    /// but in tests) has passed.</summary>
    public static async Task SendAndDrainAsync(PipeWriter output, PipeReader input, IBodyDecoder? rest, TimeSpan time, CancellationToken serverStopping)
    {
        await output.FlushAsync(CancellationToken.None);
        if (rest is null)
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        deadline.CancelAfter(time);
        await DrainAsync(input, rest, Bytes, deadline.Token);
    }

    /// <summary>Reads and drops until the body ends or is malformed (a body that ends only when the client closes its side
    /// is a <see cref="LengthBodyDecoder"/> without a length), <paramref name="maxBytes"/> have come, or
    /// <paramref name="deadline"/> passes. Chunk data is skipped where the transport put it: nothing is copied or held,
    /// however large a chunk.</summary>
    public static async Task DrainAsync(PipeReader input, IBodyDecoder body, long maxBytes, CancellationToken deadline)
    {
        var nothing = new SequenceReader<byte>(ReadOnlySequence<byte>.Empty);
        if (body.Decode(ref nothing, null) != BodyStatus.NeedMoreData)
        {
            return; // nothing left: Content-Length: 0
        }

        try
        {
            long drained = 0;
            while (drained < maxBytes)
            {
                ReadResult read = await input.ReadAsync(deadline);
                ReadOnlySequence<byte> buffer = read.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                BodyStatus status = body.Decode(ref reader, null);
                drained += reader.Consumed;
                input.AdvanceTo(reader.Position, buffer.End);
                if (status != BodyStatus.NeedMoreData || read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client did not end its body in time, or reset: it is closed all the same.
        }
    }
}
