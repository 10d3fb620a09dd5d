using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A simulated device: one chunked stream, one object per interval, x = sequence number,
/// the send time of each recorded for the viewers' latency.</summary>
public sealed class StreamingDevice
{
    private readonly int _port;
    private readonly string _token;
    private readonly int _intervalMilliseconds;

    public StreamingDevice(int port, string token, int capacity, int intervalMilliseconds)
    {
        _port = port;
        _token = token;
        _intervalMilliseconds = intervalMilliseconds;
        SentTimestamps = new long[capacity + 1];
    }

    /// <summary>Stopwatch timestamp at which object x was written, by x.</summary>
    public long[] SentTimestamps { get; }

    public int Sent { get; private set; }

    public string Answer { get; private set; } = "";

    public async Task RunAsync(TimeSpan duration)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", _port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: {_token}\r\n\r\n"));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_intervalMilliseconds));
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end && Sent + 1 < SentTimestamps.Length && await timer.WaitForNextTickAsync())
        {
            int x = Sent + 1;
            string line = $"{{\"x\":{x},\"y\":{x % 100}}}\n";
            SentTimestamps[x] = Stopwatch.GetTimestamp();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{line.Length:x}\r\n{line}\r\n"));
            Sent = x;
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        Answer = await reader.ReadToEndAsync();
    }
}
