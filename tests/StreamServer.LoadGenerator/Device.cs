using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>A simulated device as the firmware writes: one connection, one object per write
/// ({"x":sequence,"y":value}), a heartbeat after a silence. Records when it wrote each x, so a viewer
/// can tell the latency of every point it receives.</summary>
public abstract class Device
{
    private readonly byte[] _buffer = new byte[256];
    private long _lastWriteTimestamp = Stopwatch.GetTimestamp();

    protected Device(int index, string token, Socket socket, int objects)
    {
        Index = index;
        Token = token;
        Socket = socket;
        SentTimestamps = new long[objects + 1];
    }

    public int Index { get; }

    public string Token { get; }

    protected Socket Socket { get; }

    /// <summary>Stopwatch timestamp at which object x was written, by x (0: not written).</summary>
    public long[] SentTimestamps { get; }

    public int Sent { get; private set; }

    public int HeartbeatsSent { get; private set; }

    /// <summary>The receiving end closed the stream before the step ended (it failed it, or answered early): the
    /// device writes no more, and its answer, if any, is read at the end.</summary>
    public bool Closed { get; private set; }

    /// <summary>Writes the next object; false when the device has written all it may this step, or its stream was closed.</summary>
    public bool SendObject()
    {
        int x = Sent + 1;
        if (x >= SentTimestamps.Length || Closed)
        {
            return false;
        }

        Span<byte> json = stackalloc byte[64];
        int length = WriteJson(json, x);
        int written = Frame(json[..length], _buffer);
        long now = Stopwatch.GetTimestamp();
        SentTimestamps[x] = now;
        if (!TrySend(_buffer.AsSpan(0, written)))
        {
            return false;
        }

        _lastWriteTimestamp = now;
        Sent = x;
        return true;
    }

    /// <summary>Writes a heartbeat if nothing was written for <paramref name="silence"/>, as the firmware's stream does.</summary>
    public void SendHeartbeatIfDue(TimeSpan silence)
    {
        if (!Closed && Stopwatch.GetElapsedTime(_lastWriteTimestamp) >= silence && TrySend(Heartbeat))
        {
            _lastWriteTimestamp = Stopwatch.GetTimestamp();
            HeartbeatsSent++;
        }
    }

    // One device's stream failing (the server closed it) ends that device, not the step.
    private bool TrySend(ReadOnlySpan<byte> bytes)
    {
        try
        {
            Socket.Send(bytes);
            return true;
        }
        catch (SocketException)
        {
            Closed = true;
            return false;
        }
    }

    /// <summary>Ends the stream and returns how many objects the other end says it accepted and dropped.</summary>
    public abstract Task<DeviceAnswer> EndAsync(CancellationToken cancellationToken);

    /// <summary>The object in the protocol's framing; returns its length.</summary>
    protected abstract int Frame(ReadOnlySpan<byte> json, byte[] buffer);

    protected abstract byte[] Heartbeat { get; }

    // A pulse-like value: 60..99.
    private static int WriteJson(Span<byte> json, int x)
    {
        int at = 0;
        "{\"x\":"u8.CopyTo(json);
        at += 5;
        Utf8Formatter.TryFormat(x, json[at..], out int used);
        at += used;
        ",\"y\":"u8.CopyTo(json[at..]);
        at += 5;
        Utf8Formatter.TryFormat(60 + (x % 40), json[at..], out used);
        at += used;
        json[at++] = (byte)'}';
        return at;
    }
}

/// <summary>What the receiving end said about a device's stream when it ended.</summary>
public readonly record struct DeviceAnswer(bool Answered, int Status, long Accepted, long Dropped, long Heartbeats);
