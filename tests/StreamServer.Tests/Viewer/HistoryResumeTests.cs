using System.Text;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>Cluster mode's resume on a node whose replay buffer does not reach back to the viewer's last event: the
/// builder's events from the plot's history (issue 17), then this node's own, with nothing twice and nothing that does
/// not build on what the viewer has.</summary>
public sealed class HistoryResumeTests
{
    [Fact]
    public void Events_still_on_their_way_to_this_node_are_not_sent_twice()
    {
        // This node mirrors the builder (epoch "b") and has events 1-3; the history reaches 5 already.
        var events = new PlotEventStream();
        for (int sequence = 1; sequence <= 3; sequence++)
        {
            events.PublishMirrored($"b-{sequence}", "frame", Json(sequence));
        }

        Subscription viewer = events.Subscribe("b-1", () => "{}"u8.ToArray(), _ => { }, History("b", 2, 5))!;
        Assert.False(viewer.AwaitsFigure);
        events.PublishMirrored("b-4", "frame", Json(4));
        events.PublishMirrored("b-5", "frame", Json(5));
        events.PublishMirrored("b-6", "frame", Json(6));

        Assert.Equal(["b-2", "b-3", "b-4", "b-5", "b-6"], Read(viewer));
    }

    [Fact]
    public void The_history_runs_on_into_this_nodes_replay_buffer()
    {
        var events = new PlotEventStream();
        for (int sequence = 1; sequence <= 6; sequence++)
        {
            events.PublishMirrored($"b-{sequence}", "frame", Json(sequence));
        }

        // The viewer's last event is the builder before's ("a"); the history runs on through the next builder's first events
        // into what this node holds.
        Subscription viewer = events.Subscribe("a-9", () => "{}"u8.ToArray(), _ => { }, [.. History("a", 10, 11), .. History("b", 1, 3)])!;

        Assert.Equal(["a-10", "a-11", "b-1", "b-2", "b-3", "b-4", "b-5", "b-6"], Read(viewer));
    }

    [Fact]
    public void A_viewer_waits_for_a_figure_when_this_node_does_not_go_on_from_the_history()
    {
        // This node has its own copy (epoch "x"), not the builder's: its frames do not build on the history's state.
        var events = new PlotEventStream();
        events.Publish("figure", "{}");

        Subscription viewer = events.Subscribe("b-1", () => "{}"u8.ToArray(), _ => { }, History("b", 2, 3))!;
        Assert.True(viewer.AwaitsFigure);
        events.PublishMirrored("b-4", "frame", Json(4));
        events.PublishMirrored("b-5", "figure", Json(5));
        events.PublishMirrored("b-6", "frame", Json(6));

        Assert.Equal(["b-2", "b-3", "b-5", "b-6"], Read(viewer));
        Assert.False(viewer.AwaitsFigure);
    }

    [Fact]
    public void Without_a_history_a_viewer_this_node_cannot_resume_starts_from_a_snapshot()
    {
        var events = new PlotEventStream();
        events.PublishMirrored("b-7", "frame", Json(7));

        Subscription viewer = events.Subscribe("b-1", () => "{\"data\":[]}"u8.ToArray(), _ => { })!;

        Assert.True(viewer.TryRead(out SseEvent first));
        Assert.Equal("figure", first.Type);
    }

    private static List<SseEvent> History(string epoch, int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(sequence => SseEvent.Create(sequence, $"{epoch}-{sequence}", "frame", Json(sequence)))];

    private static byte[] Json(int sequence) => Encoding.UTF8.GetBytes($"{{\"n\":{sequence}}}");

    private static List<string> Read(Subscription viewer)
    {
        var ids = new List<string>();
        while (viewer.TryRead(out SseEvent item))
        {
            ids.Add(item.Id);
        }

        return ids;
    }
}
