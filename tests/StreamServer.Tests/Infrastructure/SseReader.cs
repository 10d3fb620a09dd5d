using System.Net.ServerSentEvents;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A Server-Sent Events client over HttpClient, reading the plot's events one by one (the server's pings,
/// <c>event: ping</c> every 15 s, are skipped).</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
    }

    public static async Task<SseReader> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event of the plot; the server's pings (every 15 s on every stream) are skipped.</summary>
    public async Task<SseItem<string>> NextAsync()
    {
        while (true)
        {
            Task<bool> next = _events.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(RawHttp.Timeout)) != next)
            {
                Assert.Fail("No event within " + RawHttp.Timeout);
            }

            Assert.True(await next, "The event stream ended");
            if (_events.Current.EventType != "ping")
            {
                return _events.Current;
            }
        }
    }

    /// <summary>The event <see cref="MoveNextOrEndAsync"/> moved to.</summary>
    public SseItem<string> Current => _events.Current;

    /// <summary>False at a clean end of the stream; throws when the connection is aborted. Pings are skipped.</summary>
    public async Task<bool> MoveNextOrEndAsync()
    {
        while (await _events.MoveNextAsync())
        {
            if (_events.Current.EventType != "ping")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads events until <paramref name="done"/> says the last one read was enough.</summary>
    public async Task<List<SseItem<string>>> ReadUntilAsync(Func<SseItem<string>, bool> done)
    {
        var items = new List<SseItem<string>>();
        do
        {
            items.Add(await NextAsync());
        }
        while (!done(items[^1]));
        return items;
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        try
        {
            await _events.DisposeAsync();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            // The response was closed under the reader: that is how an SSE client leaves (NotSupported: while a read that timed out was pending).
            Assert.NotNull(exception);
        }
    }
}
