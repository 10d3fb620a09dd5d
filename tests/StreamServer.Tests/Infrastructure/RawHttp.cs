using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>HTTP over a bare TCP socket, so tests send exactly the bytes real clients send.</summary>
public static class RawHttp
{
    /// <summary>Generous bound for a loaded 2-core machine; a passing exchange takes milliseconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task<RawResponse> ExchangeAsync(int port, byte[] request)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(port);
        await connection.SendAsync(request);
        return await connection.ReadToEndAsync();
    }

    /// <summary>A device's request head: a chunked POST to / with its stream token.</summary>
    public static string StreamHead(string token) =>
        $"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: {token}\r\n\r\n";

    /// <summary>Chunked framing the way Node and Python write it: one chunk per piece.</summary>
    public static string Chunk(string piece) => $"{Encoding.UTF8.GetByteCount(piece):x}\r\n{piece}\r\n";
}
