using HeartRateStreamer.StreamServer.Plots;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>A plot's events in memory: encoded once and shared, queues and replay bounded in bytes (issue 13, item 4).</summary>
public sealed class ViewerQueueTests
{
    private static readonly ViewerLimits s_small = new() { ViewerQueueBytes = 64 * 1024, ReplayBytes = 256 * 1024 };

    [Fact]
    public void AViewerThatDoesNotReadIsCutOffOnceItsQueuePassesItsBytes()
    {
        var events = new PlotEventStream(s_small);
        Subscription viewer = events.Subscribe(null, () => "{}"u8.ToArray(), _ => { })!;

        for (int i = 0; i < 6; i++)
        {
            events.Publish("frame", Frame(10 * 1024));
        }

        Assert.False(viewer.IsCutOff);
        events.Publish("frame", Frame(10 * 1024));
        Assert.True(viewer.IsCutOff);
        Assert.Equal(0, events.SubscriberCount);
    }

    // The bound in count: small events (frames of a few points, pings on a quiet plot) reach it long before the bytes. Each
    // queued event is an entry that keeps its event alive after the replay buffer let it go, so without it a viewer that never
    // reads held 40,000 entries of a busy plot's 100-byte frames before the 4 MiB bound (and pings without end on a quiet one).
    [Fact]
    public void AViewerThatDoesNotReadIsCutOffOnceItsQueueHoldsItsEventsWhateverTheirBytes()
    {
        var limits = new ViewerLimits { ViewerQueueBytes = 64 * 1024, ReplayBytes = 256 * 1024, ViewerQueueEvents = 10 };
        var events = new PlotEventStream(limits);
        Subscription busy = events.Subscribe(null, () => "{}"u8.ToArray(), _ => { })!;
        Subscription quiet = new(limits, _ => { });
        for (int i = 0; i < limits.ViewerQueueEvents; i++)
        {
            events.Publish("frame", Frame(100));
            Assert.True(quiet.TryWrite(SseEvent.Ping));
        }

        Assert.False(busy.IsCutOff);
        Assert.False(quiet.IsCutOff);
        long queued = busy.QueuedBytes;

        events.Publish("frame", Frame(100));
        Assert.False(quiet.TryWrite(SseEvent.Ping));

        Assert.True(busy.IsCutOff);
        Assert.True(quiet.IsCutOff);
        Assert.Equal(0, events.SubscriberCount);
        Assert.Equal(queued, busy.QueuedBytes); // the queue stayed at the bound: the event past it was not queued
        Assert.InRange(queued, 10 * 100, limits.ViewerQueueBytes / 16);
    }

    [Fact]
    public void TheReplayBufferKeepsToItsBytes()
    {
        var events = new PlotEventStream(s_small);

        for (int i = 0; i < 100; i++)
        {
            events.Publish("frame", Frame(10 * 1024));
        }

        Assert.InRange(events.ReplayBytes, 200 * 1024, s_small.ReplayBytes);
    }

    [Fact]
    public void AUsersPlotsShareOneReplayBudget()
    {
        var limits = new ViewerLimits { ViewerQueueBytes = 64 * 1024, ReplayBytes = 256 * 1024, UserReplayBytes = 100 * 1024 };
        var budget = new UserByteBudget(limits.UserReplayBytes);
        PlotEventStream[] plots = [new(limits, budget), new(limits, budget), new(limits, budget)];

        for (int i = 0; i < 20; i++)
        {
            foreach (PlotEventStream plot in plots)
            {
                plot.Publish("frame", Frame(10 * 1024));
            }
        }

        // Each plot alone could keep 200 KB; together they keep the user's 100 KB (plus the event that passed it).
        Assert.Equal(budget.Used, plots.Sum(plot => plot.ReplayBytes));
        Assert.InRange(budget.Used, 80 * 1024, 111 * 1024);
    }

    [Fact]
    public void EveryViewerGetsTheSameBytesOfAnEvent()
    {
        var events = new PlotEventStream(s_small);
        int snapshots = 0;
        string figure = $"{{\"data\":[{{\"text\":[\"{new string('s', 1000)}\"]}}]}}";
        Subscription first = events.Subscribe(null, () => Encoding.UTF8.GetBytes(figure + new string(' ', ++snapshots)), _ => { })!;
        events.Publish("frame", Frame(100));
        Subscription second = events.Subscribe(null, () => Encoding.UTF8.GetBytes(figure + new string(' ', ++snapshots)), _ => { })!;

        Assert.Equal(1, snapshots);
        Assert.True(first.TryRead(out SseEvent firstSnapshot));
        Assert.True(second.TryRead(out SseEvent secondSnapshot));
        Assert.Same(firstSnapshot.Bytes, secondSnapshot.Bytes);
        Assert.True(first.TryRead(out SseEvent firstFrame));
        Assert.True(second.TryRead(out SseEvent secondFrame));
        Assert.Same(firstFrame.Bytes, secondFrame.Bytes);
        Assert.Equal("frame", secondFrame.Type);
    }

    [Fact]
    public void ACutOffViewerResumesWithoutASnapshot()
    {
        var events = new PlotEventStream(s_small);
        Subscription viewer = events.Subscribe(null, () => "{}"u8.ToArray(), _ => { })!;
        viewer.TryRead(out SseEvent snapshot);
        for (int i = 0; i < 7; i++)
        {
            events.Publish("frame", Frame(10 * 1024));
        }

        Assert.True(viewer.IsCutOff);
        Subscription resumed = events.Subscribe(snapshot.Id, () => "{}"u8.ToArray(), _ => { })!;

        var types = new List<string>();
        while (resumed.TryRead(out SseEvent item))
        {
            types.Add(item.Type);
        }

        Assert.Equal(Enumerable.Repeat("frame", 7), types);
    }

    [Fact]
    public void TheWireFormatIsOneEventPerBlankLine()
    {
        SseEvent item = SseEvent.Create(7, "ab-7", "figure", "{\"a\":1}"u8, retryMilliseconds: 1000);

        Assert.Equal("id: ab-7\nevent: figure\nretry: 1000\ndata: {\"a\":1}\n\n", Encoding.UTF8.GetString(item.Bytes));
        Assert.Equal("{\"a\":1}", item.Data);
    }

    [Fact]
    public void APlotRefusesViewersBeyondItsLimit()
    {
        var events = new PlotEventStream(new ViewerLimits { MaxViewersPerPlot = 2 });

        Assert.NotNull(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }));
        Assert.NotNull(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }));
        Assert.Null(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }));
    }

    // A place is held while a cluster node reads a viewer's start from the plot's history (Plot.SubscribeAsync), so viewers
    // arriving meanwhile are refused before any read of their own, not after it.
    [Fact]
    public void APlaceHeldForAViewerWhoseStartIsReadCountsAgainstTheLimitUntilTakenOrGivenBack()
    {
        var events = new PlotEventStream(new ViewerLimits { MaxViewersPerPlot = 2 });
        Assert.NotNull(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }));

        Assert.True(events.TryAdmit());
        Assert.False(events.TryAdmit());
        Assert.Null(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }));

        events.Withdraw();
        Assert.True(events.TryAdmit());
        Assert.NotNull(events.Subscribe(null, () => "{}"u8.ToArray(), _ => { }, admitted: true));
        Assert.False(events.TryAdmit());
    }

    // Plot.SubscribeAsync holds a place while it reads the history, and the viewer takes it. Before, a way out between the
    // read and the taking (the relay failing to follow the plot, the plot leaving the server) kept the place for good: with
    // one viewer allowed, every later viewer was refused. Now every way out gives it back.
    [Fact]
    public async Task APlaceHeldForAViewerWhoseStartFailsAfterTheHistoryIsGivenBack()
    {
        using var plot = new Plot("alice", 0, "held", [], new JsonObject(), IPlotChangeListener.None, viewerLimits: new ViewerLimits { MaxViewersPerPlot = 1 })
        {
            Relay = new FailingToFollowRelay(),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => plot.SubscribeAsync("0badbeef-3"));

        Assert.NotNull(await plot.SubscribeAsync(null));
    }

    // A relay whose history is empty and whose first Viewing throws.
    private sealed class FailingToFollowRelay : IPlotRelay
    {
        private int _viewings;

        public bool SavesWhole => true;

        public StreamedResult? ForwardStreamed(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token) => null;

        public bool ForwardEdit(string kind, JsonObject body) => false;

        public void Published(SseEvent item, ReadOnlySpan<byte> json)
        {
        }

        public void Viewing()
        {
            if (++_viewings == 1)
            {
                throw new InvalidOperationException("cannot follow the plot");
            }
        }

        public Task<IReadOnlyList<SseEvent>?> HistoryAfterAsync(string lastEventId) => Task.FromResult<IReadOnlyList<SseEvent>?>([]);

        public Task CatchUpAsync() => Task.CompletedTask;

        public void FigureWanted()
        {
        }
    }

    private static string Frame(int bytes) => $"{{\"traces\":[{{\"index\":0,\"extend\":{{\"text\":[\"{new string('f', bytes - 40)}\"]}},\"set\":{{}}}}]}}";
}
