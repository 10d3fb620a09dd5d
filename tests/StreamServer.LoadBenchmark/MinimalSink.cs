using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>The machine's limit for this traffic: accepts the same connections as the server (chunked
/// POST / streams, GET /p/TOKEN/events viewers), reads the same bytes and writes each object to each of
/// its plot's viewers as one SSE "frame" event in one chunk (the number of writes a server makes at
/// 20 frames/s for one object per 50 ms), doing nothing else: no JSON parsing, validation, plot state,
/// coalescing or storage. It serves only the load generator's devices (one object per chunk).</summary>
public static class MinimalSink
{
    private static readonly ConcurrentDictionary<string, Socket[]> s_viewers = new();

    public static async Task RunAsync(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(4096);
        while (true)
        {
            Socket connection = await listener.AcceptAsync();
            connection.NoDelay = true;
            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private static async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                byte[] buffer = new byte[8192];
                (string head, int used, int length) = await ReadHeadAsync(connection, buffer);
                if (head.StartsWith("POST / ", StringComparison.Ordinal))
                {
                    await ServeDeviceAsync(connection, Header(head, "plotly-streamtoken"), buffer, used, length);
                }
                else if (head.StartsWith("GET /p/", StringComparison.Ordinal))
                {
                    await ServeViewerAsync(connection, head["GET /p/".Length..head.IndexOf("/events", StringComparison.Ordinal)], buffer);
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
            {
                // The generator went away.
            }
        }
    }

    private static async Task ServeViewerAsync(Socket viewer, string token, byte[] buffer)
    {
        const string Figure = "event: figure\ndata: {}\n\n"; // as the server's first event, the snapshot
        await viewer.SendAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{Figure.Length:x}\r\n{Figure}\r\n"));
        s_viewers.AddOrUpdate(token, [viewer], (_, others) => [.. others, viewer]);
        try
        {
            while (await viewer.ReceiveAsync(buffer) > 0)
            {
            }
        }
        finally
        {
            s_viewers.AddOrUpdate(token, [], (_, others) => others.Where(other => other != viewer).ToArray());
        }
    }

    private static async Task ServeDeviceAsync(Socket device, string token, byte[] buffer, int start, int end)
    {
        long objects = 0, heartbeats = 0;
        byte[] frame = new byte[1024];
        while (true)
        {
            // Lines of the chunked body: "SIZE\r", then the object "{...}" (or "" for a heartbeat), then "\r"; "0\r" ends it.
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
            {
                ReadOnlySpan<byte> line = buffer.AsSpan(start, newline - start);
                start = newline + 1;
                if (line.IsEmpty)
                {
                    heartbeats++;
                }
                else if (line[0] == (byte)'{')
                {
                    objects++;
                    int length = FrameEvent(line, frame);
                    foreach (Socket viewer in s_viewers.GetValueOrDefault(token, []))
                    {
                        viewer.Send(frame.AsSpan(0, length));
                    }
                }
                else if (line.SequenceEqual("0\r"u8))
                {
                    string body = $"{{\"status\":200,\"received\":{objects},\"dropped\":0,\"heartbeats\":{heartbeats}}}";
                    await device.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
                    return;
                }
            }

            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            int read = await device.ReceiveAsync(buffer.AsMemory(end));
            if (read == 0)
            {
                return;
            }

            end += read;
        }
    }

    // One chunk holding "event: frame\ndata: OBJECT\n\n".
    private static int FrameEvent(ReadOnlySpan<byte> json, byte[] frame)
    {
        ReadOnlySpan<byte> prefix = "event: frame\ndata: "u8;
        Utf8Formatter.TryFormat(prefix.Length + json.Length + 2, frame, out int at, new System.Buffers.StandardFormat('x'));
        "\r\n"u8.CopyTo(frame.AsSpan(at));
        at += 2;
        prefix.CopyTo(frame.AsSpan(at));
        at += prefix.Length;
        json.CopyTo(frame.AsSpan(at));
        at += json.Length;
        "\n\n\r\n"u8.CopyTo(frame.AsSpan(at));
        return at + 4;
    }

    private static async Task<(string Head, int Used, int Length)> ReadHeadAsync(Socket connection, byte[] buffer)
    {
        int length = 0;
        while (true)
        {
            int read = await connection.ReceiveAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                throw new IOException("closed before its request head");
            }

            length += read;
            int end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end), end + 4, length);
            }
        }
    }

    private static string Header(string head, string name) =>
        head.Split("\r\n").Select(line => line.Split(':', 2)).FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim() ?? "";
}
