using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>Stopping ends viewers' event streams and device streams itself, instead of leaving
/// Kestrel to wait out its shutdown timeout and abort them.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StopEndsEventStreamsCleanlyAndClosesOpenStreams()
    {
        TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("open-stream-token");
        SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        await viewer.NextAsync();
        await using RawConnection device = await RawConnection.OpenAsync(server.Port);
        await device.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: open-stream-token\r\n\r\n");
        await Eventually.TrueAsync(async () => (bool)(await server.FigureAsync(plot))["streams"]![0]!["connected"]!, "the device stream is connected");

        Task<bool> nextEvent = viewer.MoveNextOrEndAsync();
        await server.DisposeAsync();

        Assert.False(await nextEvent, "the event stream ended with a clean end of stream, not an abort");
        Assert.Equal("", (await device.ReadToEndAsync()).Text);
        await viewer.DisposeAsync();
    }
}
