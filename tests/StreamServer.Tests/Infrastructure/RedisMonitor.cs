using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>Redis's MONITOR on a connection of its own: every command Redis runs from now on, one line each as Redis writes
/// it (<c>TIME [DB ADDRESS] "COMMAND" "ARG" ...</c>, "lua" for the address of a command a script ran), to see what a node
/// asked of Redis, not only what it answered.</summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly int _port;
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    private RedisMonitor(int port, Socket socket)
    {
        _port = port;
        _socket = socket;
        _reader = new StreamReader(new NetworkStream(socket), Encoding.UTF8);
    }

    /// <summary>Starts monitoring the Redis on <paramref name="port"/> (no password); returns once Redis said OK.</summary>
    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var monitor = new RedisMonitor(port, socket);
        await socket.SendAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"), SocketFlags.None);
        string? ok = await monitor._reader.ReadLineAsync().WaitAsync(RawHttp.Timeout);
        if (ok != "+OK")
        {
            throw new InvalidOperationException($"MONITOR answered '{ok}'");
        }

        return monitor;
    }

    /// <summary>Every command Redis ran since the start (or the last call), up to now: a marker sent on another connection
    /// comes after all of them, as Redis runs one command at a time, and its line ends the list.</summary>
    public async Task<List<string>> UntilNowAsync()
    {
        string marker = $"monitor-mark-{Guid.NewGuid():N}";
        using (var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await other.ConnectAsync(IPAddress.Loopback, _port);
            await other.SendAsync(Encoding.ASCII.GetBytes($"*2\r\n$4\r\nECHO\r\n${marker.Length}\r\n{marker}\r\n"), SocketFlags.None);
            await other.ReceiveAsync(new byte[256], SocketFlags.None);
        }

        var lines = new List<string>();
        while (await _reader.ReadLineAsync().WaitAsync(RawHttp.Timeout) is string line && !line.Contains(marker, StringComparison.Ordinal))
        {
            lines.Add(line);
        }

        return lines;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
