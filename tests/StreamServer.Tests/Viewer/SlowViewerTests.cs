using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>A viewer that stops reading is cut off when its queue passes --viewer-queue-bytes, and resumes with Last-Event-ID.</summary>
public sealed class SlowViewerTests
{
    [Fact]
    public async Task AViewerThatStopsReadingIsDisconnectedAndResumesWithLastEventId()
    {
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.ThrottleMilliseconds = 0;
            o.ViewerQueueBytes = 64 * 1024;
            o.ReplayBytes = 16 * 1024 * 1024;
        });
        string plot = await server.CreatePlotAsync("slow-stream-token", maxPoints: 1000);
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync("127.0.0.1", server.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET {plot}/events HTTP/1.1\r\nHost: x\r\n\r\n"));
        string firstId = await ReadFirstEventIdAsync(stalled);

        // 40 frames of 50 points of 4,000 bytes (a point may hold 4 KiB): 8 MB, far more than the viewer's queue and
        // the socket buffers (Linux lets a loopback send buffer grow to 4 MiB) hold.
        string text = new('t', 4000);
        await using (RawConnection device = await RawConnection.OpenAsync(server.Port))
        {
            await device.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: slow-stream-token\r\n\r\n");
            for (int frame = 0; frame < 40; frame++)
            {
                await device.SendAsync(Chunk(string.Concat(Enumerable.Range(frame * 50 + 1, 50).Select(i => $"{{\"x\":{i},\"text\":\"{text}\"}}\n"))));
                await Task.Delay(StreamServer.Plots.Plot.FrameIntervalMilliseconds + 10);
            }

            await device.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await device.ReadToEndAsync()).Status);
        }

        Assert.True(await ClosedByServerAsync(stalled), "the server closed the stalled viewer's connection");
        await using SseReader resumed = await SseReader.OpenAsync(server.Http, plot + "/events", firstId);
        List<SseItem<string>> events = await resumed.ReadUntilAsync(item => EventStreamTests.ExtendedX([item]).Contains(2000));
        Assert.DoesNotContain(events, item => item.EventType == "figure");
        Assert.Equal(Enumerable.Range(1, 2000), EventStreamTests.ExtendedX(events));
    }

    private static async Task<string> ReadFirstEventIdAsync(Socket socket)
    {
        var received = new StringBuilder();
        byte[] buffer = new byte[1];
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        while (!received.ToString().Contains("\n\n", StringComparison.Ordinal) || !received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            Assert.True(await socket.ReceiveAsync(buffer, timeout.Token) == 1, "the event stream ended before its first event");
            received.Append((char)buffer[0]);
        }

        string idLine = received.ToString().Split('\n').Single(line => line.StartsWith("id: ", StringComparison.Ordinal));
        return idLine["id: ".Length..].Trim();
    }

    /// <summary>Reads whatever is buffered; true when the connection then ends (closed or reset by the server).</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        byte[] buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        try
        {
            while (await socket.ReceiveAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
