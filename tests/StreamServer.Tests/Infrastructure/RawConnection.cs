using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>An open TCP connection to the server, written in steps, read to the end.</summary>
public sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawConnection(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Everything the server sends until it closes the connection.</summary>
    public async Task<RawResponse> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        var received = new MemoryStream();
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
