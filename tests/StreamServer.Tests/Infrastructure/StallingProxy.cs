using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' PostgreSQL), that can stall: a
/// database that hangs (a stuck server, a network that drops packets) rather than one that refuses. While stalled it
/// still accepts connections and reads what clients send, but passes nothing on in either direction, so a client waits
/// for an answer that does not come; <see cref="Resume"/> passes everything again. It counts what tests time by:
/// connections accepted (<see cref="LoopbackProxy.Connections"/>), and chunks a client sent while stalled (something
/// reached the hung database).</summary>
public sealed class StallingProxy : LoopbackProxy
{
    private TaskCompletionSource _flowing = OpenGate();
    private int _heldChunks;

    private StallingProxy(int targetPort)
        : base(targetPort)
    {
    }

    /// <summary>Chunks clients sent that the proxy held because it was stalled.</summary>
    public int HeldChunks => Volatile.Read(ref _heldChunks);

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, passing everything until <see cref="Stall"/>.</summary>
    public static StallingProxy To(int targetPort) => new(targetPort);

    /// <summary>From now on nothing passes, either way; connections stay open and new ones are accepted.</summary>
    public void Stall()
    {
        lock (Gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Everything passes again, what was held first.</summary>
    public void Resume()
    {
        lock (Gate)
        {
            _flowing.TrySetResult();
        }
    }

    /// <summary>Waits until a client has sent something while stalled (at most <paramref name="timeoutSeconds"/>).</summary>
    public Task HeldAsync(int atLeast = 1, int timeoutSeconds = 60) =>
        Eventually.TrueAsync(() => Task.FromResult(HeldChunks >= atLeast), $"{atLeast} chunk(s) sent to the stalled database", timeoutSeconds);

    /// <inheritdoc />
    protected override void OnClosing() => _flowing.TrySetResult();

    // One chunk at a time: read, wait while stalled, pass on. While stalled, the chunk read is held here and the rest
    // waits in the kernel's buffers, as it would on a path that stopped delivering.
    protected override async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, Closing.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                Task flowing;
                lock (Gate)
                {
                    flowing = _flowing.Task;
                }

                if (!flowing.IsCompleted && fromClient)
                {
                    Interlocked.Increment(ref _heldChunks);
                }

                await flowing.WaitAsync(Closing.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Closing.Token);
            }
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // a side closed, or the proxy is closing
        }
    }
}
