using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>What the server does after refusing a client that may still be sending (a 503 before its request was read, a
/// stream refused in the middle of its body): reads and drops what still comes, for <see cref="Time"/> and
/// <see cref="Bytes"/> at most, before closing. Closing with the client's bytes unread resets the connection: on Windows
/// and lwIP (the ESP32) a reset that arrives before the client read the answer throws the answer away, and on Linux the
/// client's next send fails, so a client that stops at a failed send (Python's http.client) never reads it.</summary>
public static class RefusedClientDrain
{
    /// <summary>How long a refused client may go on sending: a device finishes its frame, or a line in flight arrives, well
    /// within it; a hostile client holds its connection (and its place under --max-connections) no longer.</summary>
    public static readonly TimeSpan Time = TimeSpan.FromSeconds(2);

    /// <summary>How much a refused client may send meanwhile: the rest of a 10 MB line refused at --max-line-bytes.</summary>
    public const long Bytes = 16 * 1024 * 1024;

    /// <summary>Reads and drops until the client ends its side, <see cref="Bytes"/> have come, or <paramref name="deadline"/>
    /// (at most <see cref="Time"/> after the answer) passes. The bytes are dropped where the transport put them: nothing is
    /// copied or allocated per byte.</summary>
    public static async Task DrainAsync(PipeReader input, CancellationToken deadline)
    {
        try
        {
            long drained = 0;
            while (drained < Bytes)
            {
                ReadResult read = await input.ReadAsync(deadline);
                drained += read.Buffer.Length;
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionResetException or InvalidOperationException)
        {
            // The client did not stop or close in time, or reset, or the input had been completed: it is closed all the same.
        }
    }
}
