using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a server, for a browser's half-open connection:
/// <see cref="FreezeEventStreams"/> stops passing bytes either way on every connection that has carried a request for
/// .../events, and keeps it open, as a dead peer or a stuck proxy would. Connections made afterwards pass as before,
/// unless <see cref="HoldNewEventStreams"/> holds their requests too.</summary>
public sealed class FreezingProxy : LoopbackProxy
{
    private volatile bool _holdNewEventStreams;
    private int _frozen;
    private int _held;

    private FreezingProxy(int targetPort)
        : base(targetPort)
    {
    }

    /// <summary>Event-stream connections frozen so far.</summary>
    public int Frozen => Volatile.Read(ref _frozen);

    /// <summary>While set, a new connection's request for .../events is held, never passed on nor answered: a server or
    /// proxy that took the connection and hangs.</summary>
    public bool HoldNewEventStreams
    {
        get => _holdNewEventStreams;
        set => _holdNewEventStreams = value;
    }

    /// <summary>Event-stream requests held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, passing everything until <see cref="FreezeEventStreams"/>.</summary>
    public static FreezingProxy To(int targetPort) => new(targetPort);

    public void FreezeEventStreams()
    {
        lock (Gate)
        {
            foreach (Link link in Links<Link>().Where(link => link.CarriesEvents && !link.Frozen))
            {
                link.Frozen = true;
                _frozen++;
            }
        }
    }

    // Chunk by chunk, noting a request for .../events; a frozen connection passes nothing more and stays open until the
    // proxy closes, also when its server side fails. A side that closes ends it, as it would end a live one.
    protected override async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        Socket client = fromClient ? from : to;
        Link link = LinkOf<Link>(client);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, Closing.Token)) > 0)
            {
                if (fromClient && !link.CarriesEvents && Encoding.ASCII.GetString(buffer, 0, read).Contains("/events", StringComparison.Ordinal))
                {
                    link.CarriesEvents = true;
                    if (HoldNewEventStreams)
                    {
                        link.Frozen = true;
                        Interlocked.Increment(ref _held);
                    }
                }

                if (link.Frozen)
                {
                    await HoldUntilClosedAsync();
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Closing.Token);
            }
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            if (link.Frozen)
            {
                await HoldUntilClosedAsync();
            }
        }
    }

    private async Task HoldUntilClosedAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, Closing.Token);
        }
        catch (OperationCanceledException)
        {
            // the proxy closes, and with it the connection
        }
    }

    private sealed class Link
    {
        public volatile bool CarriesEvents;

        public volatile bool Frozen;
    }
}
