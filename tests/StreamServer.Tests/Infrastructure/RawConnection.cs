using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>An open TCP connection to the server, written in steps, read to the end.</summary>
public sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _unread = new(); // read past ReadUntilAsync's text: the start of ReadToEndAsync's

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <param name="from">The loopback address to connect from (loopback has every 127.x.y.z); null: 127.0.0.1.</param>
    public static async Task<RawConnection> OpenAsync(int port, string? from = null)
    {
        var client = from is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(from), 0));
        client.NoDelay = true;
        await client.ConnectAsync("127.0.0.1", port);
        return new RawConnection(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Tells the server nothing more comes (a half close), as a client does that read its answer.</summary>
    public void EndSending() => _client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);

    /// <summary>What the server sends up to and including <paramref name="text"/> (an interim answer such as
    /// "100 Continue\r\n\r\n"); what came after it is where <see cref="ReadToEndAsync"/> starts.</summary>
    public async Task<string> ReadUntilAsync(string text)
    {
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        byte[] buffer = new byte[8192];
        while (true)
        {
            string received = Encoding.UTF8.GetString(_unread.ToArray());
            int at = received.IndexOf(text, StringComparison.Ordinal);
            if (at >= 0)
            {
                byte[] rest = Encoding.UTF8.GetBytes(received[(at + text.Length)..]);
                _unread.SetLength(0);
                _unread.Write(rest);
                return received[..(at + text.Length)];
            }

            int count = await _stream.ReadAsync(buffer, timeout.Token);
            if (count == 0)
            {
                throw new IOException($"the server closed the connection before sending '{text}'; it sent: {received}");
            }

            _unread.Write(buffer, 0, count);
        }
    }

    /// <summary>Everything the server sends until it closes the connection.</summary>
    public async Task<RawResponse> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        var received = new MemoryStream();
        _unread.WriteTo(received);
        _unread.SetLength(0);
        byte[] buffer = new byte[8192];
        try
        {
            int count;
            while ((count = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, count);
            }
        }
        catch (IOException)
        {
            // A reset after the answer is still an answer; an empty one fails the caller's asserts.
        }

        return new RawResponse(Encoding.UTF8.GetString(received.ToArray()));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
