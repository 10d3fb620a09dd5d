using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' Redis) that passes every request
/// but can hold the answers: once a client sends a chunk with <see cref="HoldAfter"/>'s text in it, that connection's
/// answers (to it and to everything after it) wait in the proxy, in order, while its requests still reach the server, as
/// when a server ran a command and its answer was lost on the way or came too late. They pass on again, all of them in
/// order, when the same client sends a chunk with the release text and not the hold text, or on <see cref="Release"/>.</summary>
public sealed class ReplyHoldingProxy : LoopbackProxy
{
    private string? _holdText;
    private string? _releaseText;
    private int _heldConnections;
    private int _releasedByClient;

    private ReplyHoldingProxy(int targetPort)
        : base(targetPort)
    {
    }

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, passing everything until <see cref="HoldAfter"/>.</summary>
    public static ReplyHoldingProxy To(int targetPort) => new(targetPort);

    /// <summary>Connections whose answers were held so far.</summary>
    public int HeldConnections => Volatile.Read(ref _heldConnections);

    /// <summary>Holds released by a client's own request with the release text (not by <see cref="Release"/>).</summary>
    public int ReleasedByClient => Volatile.Read(ref _releasedByClient);

    /// <summary>From now on, the first chunk a client sends with <paramref name="holdText"/> in it holds its connection's
    /// answers, until a chunk of the same client has <paramref name="releaseText"/> and not <paramref name="holdText"/>.</summary>
    public void HoldAfter(string holdText, string releaseText)
    {
        lock (Gate)
        {
            _holdText = holdText;
            _releaseText = releaseText;
        }
    }

    /// <summary>Passes every held answer on, in order, and holds nothing more.</summary>
    public void Release()
    {
        lock (Gate)
        {
            _holdText = null;
            foreach (Link link in Links<Link>())
            {
                link.Flowing.TrySetResult();
            }
        }
    }

    protected override void OnClosing() => Release();

    protected override async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        Link link = LinkOf<Link>(fromClient ? from : to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, Closing.Token)) > 0)
            {
                if (fromClient)
                {
                    Look(link, Encoding.UTF8.GetString(buffer, 0, read)); // before it passes: its answer must find the hold
                }
                else
                {
                    await link.Flowing.Task.WaitAsync(Closing.Token);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Closing.Token);
            }
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // a side closed, or the proxy is closing
        }
    }

    private void Look(Link link, string request)
    {
        lock (Gate)
        {
            if (_holdText is not null && link.Flowing.Task.IsCompleted && request.Contains(_holdText, StringComparison.Ordinal))
            {
                link.Flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _heldConnections++;
            }
            else if (!link.Flowing.Task.IsCompleted && _releaseText is not null && request.Contains(_releaseText, StringComparison.Ordinal)
                && (_holdText is null || !request.Contains(_holdText, StringComparison.Ordinal)))
            {
                link.Flowing.TrySetResult();
                _holdText = null; // once
                _releasedByClient++;
            }
        }
    }

    private sealed class Link
    {
        public volatile TaskCompletionSource Flowing = OpenGate();
    }
}
