using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>A device on Plotly's streaming protocol: a chunked POST / with its token, one chunk per
/// object ("\n"-terminated JSON), the heartbeat chunk 1\r\n\n\r\n, the last chunk 0\r\n\r\n at the
/// end, then the server's one answer (firmware/HeartRateStreamer.Core/Streaming/ChunkedEncoding.cs).</summary>
public sealed class PlotlyDevice : Device
{
    private static readonly byte[] s_heartbeat = "1\r\n\n\r\n"u8.ToArray();

    private PlotlyDevice(int index, string token, Socket socket, int objects)
        : base(index, token, socket, objects)
    {
    }

    public static async Task<PlotlyDevice> ConnectAsync(int index, string token, int port, int objects, CancellationToken cancellationToken)
    {
        Socket socket = await LoopbackAddresses.ConnectAsync(port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: {token}\r\n\r\n"), cancellationToken);
        return new PlotlyDevice(index, token, socket, objects);
    }

    protected override byte[] Heartbeat => s_heartbeat;

    protected override int Frame(ReadOnlySpan<byte> json, byte[] buffer)
    {
        Utf8Formatter.TryFormat(json.Length + 1, buffer, out int at, new System.Buffers.StandardFormat('x'));
        buffer[at++] = (byte)'\r';
        buffer[at++] = (byte)'\n';
        json.CopyTo(buffer.AsSpan(at));
        at += json.Length;
        "\n\r\n"u8.CopyTo(buffer.AsSpan(at));
        return at + 3;
    }

    public override async Task<DeviceAnswer> EndAsync(CancellationToken cancellationToken)
    {
        using (Socket)
        {
            if (!Closed)
            {
                await Socket.SendAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
            }

            var answer = new MemoryStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = await Socket.ReceiveAsync(buffer, cancellationToken)) > 0)
            {
                answer.Write(buffer, 0, read);
            }

            return Parse(Encoding.ASCII.GetString(answer.ToArray()));
        }
    }

    // "HTTP/1.1 200 OK ... \r\n\r\n{"status":200,...,"received":N,"dropped":N,"heartbeats":N}"
    private static DeviceAnswer Parse(string answer)
    {
        int body = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || body < 0 || !int.TryParse(answer.AsSpan(9, 3), out int status))
        {
            return default;
        }

        using JsonDocument json = JsonDocument.Parse(answer[(body + 4)..]);
        long Count(string name) => json.RootElement.TryGetProperty(name, out JsonElement value) ? value.GetInt64() : 0;
        return new DeviceAnswer(true, status, Count("received"), Count("dropped"), Count("heartbeats"));
    }
}
