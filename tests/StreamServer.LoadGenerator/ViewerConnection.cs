using System.Diagnostics;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>One viewer of one device's plot: reads everything it is sent and, for every point of that
/// device it receives, counts it and records its latency from the device's write.</summary>
public abstract class ViewerConnection
{
    private readonly Device _device;
    private readonly LatencyHistogram _latencies;
    private int _lastX;
    private long _receivedTimestamp;

    protected ViewerConnection(Device device, Socket socket, LatencyHistogram latencies)
    {
        _device = device;
        Socket = socket;
        _latencies = latencies;
    }

    protected Socket Socket { get; }

    /// <summary>Completes once the viewer is subscribed (its first event, or the broker's SUBACK).</summary>
    public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Points of this step received in order, each once.</summary>
    public long Deliveries { get; private set; }

    /// <summary>Points received again, or out of order.</summary>
    public long Repeated { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        byte[] buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await Socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
            {
                _receivedTimestamp = Stopwatch.GetTimestamp();
                Feed(buffer.AsSpan(0, read));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The step is over, or the other end went away: what was counted stands.
        }
        finally
        {
            Subscribed.TrySetResult();
            Socket.Dispose();
        }
    }

    /// <summary>Bytes as they arrive, in order.</summary>
    protected abstract void Feed(ReadOnlySpan<byte> data);

    /// <summary>Called by <see cref="Feed"/> for each point's x in what arrived.</summary>
    protected void Received(int x)
    {
        long[] sent = _device.SentTimestamps;
        if (x < 1 || x >= sent.Length || sent[x] == 0)
        {
            return; // not a point of this step (the snapshot's older points carry no frame)
        }

        if (x <= _lastX)
        {
            Repeated++;
            return;
        }

        _lastX = x;
        Deliveries++;
        _latencies.Record(sent[x], _receivedTimestamp);
    }

    protected static readonly Action<ViewerConnection, int> s_received = (viewer, x) => viewer.Received(x);
}
