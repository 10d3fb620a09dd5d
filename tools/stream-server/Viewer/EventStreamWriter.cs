using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Sends one viewer's <see cref="Subscription"/> as Server-Sent Events. Events are copied
/// into Kestrel's output in slices, waiting for the client to take them, so a viewer that stops
/// reading holds at most Kestrel's output buffer (<see cref="SliceBytes"/> more) of its own, however
/// large the events; everything else it waits for is shared. When its queue cuts it off, the stuck
/// write is cancelled and the connection aborted: its browser reconnects and resumes. While it is written, the
/// server's <see cref="EventStreamPings"/> pings it, so a quiet plot's stream still sends something.</summary>
public static class EventStreamWriter
{
    /// <summary>Bytes handed to Kestrel before waiting for the client (Kestrel buffers 64 KiB per response).</summary>
    public const int SliceBytes = 16 * 1024;

    /// <summary>When the server stops, a viewer has this long to take what is queued before its connection is
    /// dropped, so one that stopped reading cannot hold up the stop (README: SIGTERM ends in about half a second).</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(200);

    public static async Task WriteAsync(HttpContext context, Subscription subscription)
    {
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stopGraceOver = new CancellationTokenSource();
        using CancellationTokenRegistration stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => stopGraceOver.CancelAfter(StopGrace));
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.CutOff, stopGraceOver.Token);
        PipeWriter body = response.BodyWriter;
        EventStreamPings? pings = context.RequestServices.GetService<EventStreamPings>();
        pings?.Add(subscription);
        try
        {
            await response.StartAsync(ended.Token);
            while (await subscription.WaitToReadAsync(ended.Token))
            {
                // Small events queued together go out in one write; a large one in slices.
                int unflushed = 0;
                while (!subscription.IsCutOff && subscription.TryRead(out SseEvent item))
                {
                    for (int offset = 0; offset < item.Length; offset += SliceBytes)
                    {
                        int length = Math.Min(SliceBytes, item.Length - offset);
                        body.Write(item.Bytes.AsSpan(offset, length));
                        unflushed += length;
                        if (unflushed >= SliceBytes)
                        {
                            await body.FlushAsync(ended.Token);
                            unflushed = 0;
                        }
                    }
                }

                if (unflushed > 0)
                {
                    await body.FlushAsync(ended.Token);
                }

                ended.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when ((subscription.IsCutOff || stopGraceOver.IsCancellationRequested) && !context.RequestAborted.IsCancellationRequested)
        {
            // The client stopped reading: drop the connection instead of waiting for it.
            context.Abort();
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The viewer left.
        }
        finally
        {
            pings?.Remove(subscription);
            subscription.Dispose();
        }
    }
}
