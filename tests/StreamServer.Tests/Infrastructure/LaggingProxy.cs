using System.Net.Sockets;
using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' Redis) that passes everything, in
/// order, <see cref="Lag"/> after it read it, each way: a server that answers, but late (a loaded Redis, a slow network).
/// It delays without limiting throughput: pipelined commands are all answered one round trip later, while a client that
/// waits for each reply before its next command gets one reply per round trip. <see cref="Lag"/> may change at any time;
/// what was read before keeps its time.</summary>
public sealed class LaggingProxy : LoopbackProxy
{
    private long _lagMilliseconds;

    private LaggingProxy(int targetPort)
        : base(targetPort)
    {
    }

    /// <summary>How long each chunk waits in the proxy, each way; zero (the start) passes it on at once.</summary>
    public TimeSpan Lag
    {
        get => TimeSpan.FromMilliseconds(Interlocked.Read(ref _lagMilliseconds));
        set => Interlocked.Exchange(ref _lagMilliseconds, (long)value.TotalMilliseconds);
    }

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, without lag until <see cref="Lag"/> is set.</summary>
    public static LaggingProxy To(int targetPort) => new(targetPort);

    // Reading and writing apart, joined by a queue of chunks with the time each is due: reading never waits for the lag.
    protected override async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        Channel<(long Due, byte[] Bytes)> chunks = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task writing = WriteAsync(chunks.Reader, to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, Closing.Token)) > 0)
            {
                chunks.Writer.TryWrite((Environment.TickCount64 + Interlocked.Read(ref _lagMilliseconds), buffer[..read]));
            }
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // a side closed, or the proxy is closing
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writing;
    }

    private async Task WriteAsync(ChannelReader<(long Due, byte[] Bytes)> chunks, Socket to)
    {
        try
        {
            await foreach ((long due, byte[] bytes) in chunks.ReadAllAsync(Closing.Token))
            {
                long wait = due - Environment.TickCount64;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), Closing.Token);
                }

                await to.SendAsync(bytes, SocketFlags.None, Closing.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // a side closed, or the proxy is closing
        }
    }
}
