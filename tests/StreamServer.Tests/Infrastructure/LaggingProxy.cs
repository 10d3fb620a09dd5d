using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' Redis) that passes everything, in
/// order, <see cref="Lag"/> after it read it, each way: a server that answers, but late (a loaded Redis, a slow network).
/// It delays without limiting throughput: pipelined commands are all answered one round trip later, while a client that
/// waits for each reply before its next command gets one reply per round trip. <see cref="Lag"/> may change at any time;
/// what was read before keeps its time. <see cref="LagAfter"/> makes one kind of connection slow and leaves the others.</summary>
public sealed class LaggingProxy : LoopbackProxy
{
    private long _lagMilliseconds;
    private byte[]? _lagAfter;

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

    /// <summary>When set, only a connection whose client sent this text lags, from the chunk that carried it on, both ways;
    /// the others pass at once: one kind of connection made slow, such as StackExchange.Redis's subscription connection
    /// ("SUBSCRIBE", which its interactive connection never sends). Null (the start): every connection lags.</summary>
    public string? LagAfter
    {
        get => Volatile.Read(ref _lagAfter) is byte[] text ? Encoding.ASCII.GetString(text) : null;
        set => Volatile.Write(ref _lagAfter, value is null ? null : Encoding.ASCII.GetBytes(value));
    }

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, without lag until <see cref="Lag"/> is set.</summary>
    public static LaggingProxy To(int targetPort) => new(targetPort);

    // Reading and writing apart, joined by a queue of chunks with the time each is due: reading never waits for the lag.
    protected override async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        Channel<(long Due, byte[] Bytes)> chunks = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task writing = WriteAsync(chunks.Reader, to);
        Link link = LinkOf<Link>(fromClient ? from : to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, Closing.Token)) > 0)
            {
                chunks.Writer.TryWrite((Environment.TickCount64 + (Lags(link, fromClient, buffer.AsSpan(0, read)) ? Interlocked.Read(ref _lagMilliseconds) : 0), buffer[..read]));
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

    private bool Lags(Link link, bool fromClient, ReadOnlySpan<byte> chunk)
    {
        if (Volatile.Read(ref _lagAfter) is not byte[] text)
        {
            return true;
        }

        if (fromClient && chunk.IndexOf(text) >= 0)
        {
            Volatile.Write(ref link.Lagging, true);
        }

        return Volatile.Read(ref link.Lagging);
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

    private sealed class Link
    {
        public bool Lagging; // its client sent LagAfter
    }
}
