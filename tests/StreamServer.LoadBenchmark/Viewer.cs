using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A simulated viewer on /~USER/N/events: for every x it receives, the latency from the
/// device's write to this event's arrival.</summary>
public sealed class Viewer
{
    private readonly StreamingDevice _device;

    public Viewer(StreamingDevice device)
    {
        _device = device;
    }

    public List<double> LatenciesMilliseconds { get; } = new();

    public int Frames { get; private set; }

    public async Task RunAsync(HttpClient http, string plotPath, CancellationToken stop)
    {
        try
        {
            using HttpResponseMessage response = await http.GetAsync(plotPath + "/events", HttpCompletionOption.ResponseHeadersRead, stop);
            await using Stream body = await response.Content.ReadAsStreamAsync(stop);
            await foreach (SseItem<string> item in SseParser.Create(body).EnumerateAsync(stop))
            {
                long now = Stopwatch.GetTimestamp();
                if (item.EventType != "frame")
                {
                    continue;
                }

                Frames++;
                foreach (JsonNode? trace in JsonNode.Parse(item.Data)!["traces"]!.AsArray())
                {
                    foreach (JsonNode? x in trace!["extend"]!["x"]?.AsArray() ?? [])
                    {
                        LatenciesMilliseconds.Add(Stopwatch.GetElapsedTime(_device.SentTimestamps[(int)x!], now).TotalMilliseconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
