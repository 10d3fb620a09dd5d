using System.Text.Json;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>One plot's history in Redis (<see cref="ClusterKeys.History"/>, written with every event the builder publishes:
/// <see cref="ClusterNode.PublishEvent"/>), read back for a viewer that resumes with Last-Event-ID on a node whose replay
/// buffer does not hold its last event.</summary>
internal sealed class PlotHistory
{
    // History entries read per round trip when a viewer resumes: five seconds of frames.
    private const int HistoryPage = 100;

    // The newest page (ARGV[2] entries) of a plot's history, or nil when it holds no event of the epoch ARGV[1]
    // (ClusterKeys.HistoryEpochs): a resume from an id of that epoch reads nothing more.
    private const string FirstHistoryPageScript = """
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
            return false
        end
        return redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[2])
        """;

    private readonly ClusterNode _node;
    private readonly Plot _plot;

    public PlotHistory(ClusterNode node, Plot plot)
    {
        _node = node;
        _plot = plot;
    }

    /// <inheritdoc cref="IPlotRelay.HistoryAfterAsync"/>
    public async Task<IReadOnlyList<SseEvent>?> AfterAsync(string lastEventId)
    {
        if (!_node.IsConnected || !SseEventId.TryParseEvent(lastEventId, out string lastEpoch, out long lastSequence))
        {
            return null; // no event's id: nothing to look for
        }

        // Newest first, a page at a time, until the viewer's last event: a viewer is usually seconds behind, one page. An
        // event of the same builder (epoch) numbered below it means it is not there: no need to read on. The first page
        // comes only when the history holds events of the viewer's epoch, as a node's replay buffer resumes only ids of its
        // own epoch: an id of any other (of a builder whose events are gone, or of none) reads nothing.
        var newestFirst = new List<SseEvent>();
        try
        {
            RedisResult first = await _node.Database.ScriptEvaluateAsync(FirstHistoryPageScript, [ClusterKeys.History(_plot), ClusterKeys.HistoryEpochs(_plot)],
                [lastEpoch, HistoryPage]);
            if (first.IsNull)
            {
                return null;
            }

            StreamEntry[] page = Entries(first);
            while (true)
            {
                foreach (StreamEntry entry in page)
                {
                    ClusterEvent item = ClusterEvent.Parse((byte[])entry["e"]!);
                    if (item.Id == lastEventId)
                    {
                        newestFirst.Reverse();
                        return newestFirst;
                    }

                    SseEvent missed = item.ToSseEvent();
                    if (missed.Sequence < lastSequence && SseEventId.TryParse(missed.Id, out string epoch, out _) && epoch == lastEpoch)
                    {
                        return null;
                    }

                    newestFirst.Add(missed);
                }

                if (page.Length < HistoryPage || newestFirst.Count > _node.HistoryLength)
                {
                    return null; // the history starts after the viewer's last event (or is gone): no resume from it
                }

                page = await _node.Database.StreamRangeAsync(ClusterKeys.History(_plot), "-", "(" + page[^1].Id, HistoryPage, Order.Descending); // exclusive (Redis 6.2+)
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or FormatException or JsonException or InvalidCastException)
        {
            _node.Logger.LogDebug("Cluster: could not read {Plot}'s history: {Message}", _plot.Path, exception.Message);
        }

        return null;
    }

    // XREVRANGE's answer as a script passes it on: entries [id, [field, value, ...]].
    private static StreamEntry[] Entries(RedisResult result) =>
        [.. ((RedisResult[])result!).Select(entry =>
        {
            var parts = (RedisResult[])entry!;
            var fields = (RedisResult[])parts[1]!;
            return new StreamEntry((RedisValue)parts[0], [.. Enumerable.Range(0, fields.Length / 2).Select(i => new NameValueEntry((RedisValue)fields[2 * i], (RedisValue)fields[2 * i + 1]))]);
        })];
}
