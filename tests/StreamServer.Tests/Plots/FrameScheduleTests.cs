using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>When a plot's next frame goes out (<see cref="Plot.FrameInstantAfter"/>): halfway between the lines of the
/// 50 ms wall-clock grid the viewers draw on, one frame per cell, and never waiting out a wall clock that stepped back.</summary>
public sealed class FrameScheduleTests
{
    [Theory]
    [InlineData(1000, 0, 1025)] // the next halfway instant
    [InlineData(1030, 0, 1075)]
    [InlineData(1000, 1025, 1075)] // a frame already went out in that cell (flushed early): the next cell
    [InlineData(1000, 1225, 1275)] // early flushes pushed the last frame a few cells ahead: still one per cell
    public void FramesGoOutHalfwayBetweenGridLinesOnePerCell(long now, long lastFrameInstant, long expected)
    {
        Assert.Equal(expected, Plot.FrameInstantAfter(now, lastFrameInstant));
    }

    [Theory]
    [InlineData(3_600_000L)] // NTP stepping back a clock that ran an hour ahead
    [InlineData(60L * 86_400_000)] // a VM restored two months back: the timer's 49.7-day limit
    public void AWallClockThatSteppedBackDoesNotHoldFramesBack(long step)
    {
        // The last frame went out at what the clock said before the step; now reads that much earlier.
        const long Now = 1_800_000_000_000;
        Assert.Equal(Now + 25 - (Now % 50), Plot.FrameInstantAfter(Now, Now + step));
        Assert.True(Plot.FrameInstantAfter(Now, Now + Plot.ClockStepBackMilliseconds) > Now + Plot.ClockStepBackMilliseconds, "within the bound, early flushes are respected");
    }

    // The audit: a viewer that joined (or was refused) sent every viewer the points so far at once, and so did an edit,
    // off the grid the pages draw on. On the plot's own clock, moved by the test: nothing goes out between the grid's
    // halfway instants, whoever joins or is refused; a newcomer starts with the frame, as the plot is then; an edit goes
    // out after the frame of the points that came before it, at the same instant.
    [Fact]
    public async Task FramesGoOutOnlyAtTheGridsInstantsWhileViewersJoinAndAreRefused()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_010)); // 10 ms past a grid line
        var trace = new JsonObject { ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["maxpoints"] = 500 } };
        using var plot = new Plot("alice", 0, "grid", new JsonArray(trace), new JsonObject(), IPlotChangeListener.None,
            viewerLimits: new ViewerLimits { MaxViewersPerPlot = 2 }, time: clock);
        using Subscription first = (await plot.SubscribeAsync(null))!;
        Assert.Equal(["figure"], Drain(first).Select(e => e.Type));

        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 1 });
        clock.Advance(TimeSpan.FromMilliseconds(5));
        using Subscription second = (await plot.SubscribeAsync(null))!;
        Assert.Null(await plot.SubscribeAsync(null)); // refused: the plot has its two viewers
        Assert.Empty(Drain(first)); // 15 ms past the line: no frame for the newcomer, nor for the refused one
        List<SseEvent> secondStart = Drain(second);
        AssertNothingNewAndShows("[]", secondStart, publishedUpTo: 0); // the plot as of the last event, or nothing yet

        clock.Advance(TimeSpan.FromMilliseconds(10)); // the halfway instant, 25 ms past the line
        SseEvent frame = Assert.Single(Drain(first));
        Assert.Equal("frame", frame.Type);
        List<SseEvent> secondGot = Drain(second);
        Assert.Equal(frame.Id, secondGot[^1].Id); // the same frame, or a snapshot of the plot as that frame left it
        AssertShows("[1]", secondStart.Concat(secondGot));

        clock.Advance(TimeSpan.FromMilliseconds(10));
        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 2 });
        Assert.Null(plot.Relayout(new JsonObject { ["title.text"] = "later" }));
        second.Dispose();
        using Subscription third = (await plot.SubscribeAsync(null))!;
        Assert.Null(await plot.SubscribeAsync(null));
        clock.Advance(TimeSpan.FromMilliseconds(35)); // 70 ms past the line: 5 ms before the next halfway instant
        Assert.Empty(Drain(first));
        List<SseEvent> thirdStart = Drain(third);
        AssertNothingNewAndShows("[1]", thirdStart, publishedUpTo: frame.Sequence);

        clock.Advance(TimeSpan.FromMilliseconds(5));
        List<SseEvent> firstGot = Drain(first);
        Assert.Equal(["frame", "relayout"], firstGot.Select(e => e.Type)); // the points, then the edit made after them
        List<SseEvent> thirdGot = Drain(third);
        Assert.Equal(firstGot[^1].Id, thirdGot[^1].Id);
        AssertShows("[1,2]", thirdStart.Concat(thirdGot));
    }

    // A newcomer with no snapshot to start from while a point waits for the frame is held (its place taken) until the
    // frame instant, and then starts from a figure that shows the point.
    [Fact]
    public async Task AHeldNewcomerStartsAtTheFrameInstantFromAFigureThatShowsThePoint()
    {
        (ManualClock clock, Plot plot) = FreshPlotWithAPoint(maxViewers: 2);
        using (plot)
        {
            using Subscription held = (await plot.SubscribeAsync(null))!;
            Assert.Empty(Drain(held)); // 10 ms past the line: nothing before the frame instant

            clock.Advance(TimeSpan.FromMilliseconds(15)); // the halfway instant
            List<SseEvent> got = Drain(held);
            Assert.Equal("figure", Assert.Single(got).Type);
            AssertShows("[1]", got);
        }
    }

    [Fact]
    public async Task AHeldNewcomerTakesItsPlaceUntilItLeaves()
    {
        (ManualClock clock, Plot plot) = FreshPlotWithAPoint(maxViewers: 1);
        using (plot)
        {
            Subscription held = (await plot.SubscribeAsync(null))!;
            Assert.Equal(1, plot.ViewerCount);
            Assert.Null(await plot.SubscribeAsync(null)); // the held viewer has the plot's only place

            held.Dispose();
            Assert.Equal(0, plot.ViewerCount);
            using Subscription next = (await plot.SubscribeAsync(null))!; // its place is free again
            clock.Advance(TimeSpan.FromMilliseconds(15));
            Assert.Empty(Drain(held)); // a viewer that left is not started
        }
    }

    [Fact]
    public async Task AHeldNewcomersStreamEndsWhenThePlotLeaves()
    {
        (ManualClock _, Plot plot) = FreshPlotWithAPoint(maxViewers: 2);
        Subscription held = (await plot.SubscribeAsync(null))!;
        plot.Dispose();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // a deadlock guard, not a timing
        Assert.False(await held.WaitToReadAsync(guard.Token)); // completed, nothing in it
    }

    // A relay whose Published throws in the flush's edits: the viewer held for that frame is started all the same, and
    // the edit is not sent again at the next instant.
    [Fact]
    public async Task AnEditWhosePublishingThrowsIsNotSentAgainAndHeldViewersStillStart()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_010)); // 10 ms past a grid line
        var trace = new JsonObject { ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["maxpoints"] = 500 } };
        var relay = new ThrowingOnceRelay("relayout");
        using var plot = new Plot("alice", 0, "grid", new JsonArray(trace), new JsonObject(), IPlotChangeListener.None, time: clock) { Relay = relay };
        using Subscription first = (await plot.SubscribeAsync(null))!;
        Assert.Equal(["figure"], Drain(first).Select(e => e.Type));
        // A frame larger than the first viewer's snapshot: a newcomer can no longer start from that one.
        for (int i = 0; i < 200; i++)
        {
            plot.ApplyStreamObject([0], new JsonObject { ["y"] = i });
        }

        clock.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(["frame"], Drain(first).Select(e => e.Type));

        clock.Advance(TimeSpan.FromMilliseconds(10));
        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 1000 });
        Assert.Null(plot.Relayout(new JsonObject { ["title.text"] = "later" }));
        using Subscription held = (await plot.SubscribeAsync(null))!;
        Assert.Empty(Drain(held)); // held for the frame

        clock.Advance(TimeSpan.FromMilliseconds(40)); // the next halfway instant: the relay throws at the relayout
        Assert.Equal(1, relay.Thrown);
        Assert.Equal(["frame", "relayout"], Drain(first).Select(e => e.Type));
        SseEvent start = Assert.Single(Drain(held));
        Assert.Equal("figure", start.Type);
        JsonNode figure = JsonNode.Parse(start.Data)!;
        Assert.Equal("later", (string?)figure["layout"]!["title"]!["text"]);
        Assert.Equal(201, figure["data"]![0]!["y"]!.AsArray().Count);

        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 1001 });
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(["frame"], Drain(first).Select(e => e.Type)); // the relayout is not sent again
        Assert.Equal(["frame"], Drain(held).Select(e => e.Type));
    }

    // 10 ms past a grid line: a plot no viewer has read yet (no snapshot made) with a point waiting for the frame.
    private static (ManualClock Clock, Plot Plot) FreshPlotWithAPoint(int maxViewers)
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_010));
        var trace = new JsonObject { ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["maxpoints"] = 500 } };
        var plot = new Plot("alice", 0, "held", new JsonArray(trace), new JsonObject(), IPlotChangeListener.None,
            viewerLimits: new ViewerLimits { MaxViewersPerPlot = maxViewers }, time: clock);
        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 1 });
        return (clock, plot);
    }

    /// <summary>A single node's plot (it builds its own frames) whose relay throws the first time an event of
    /// <paramref name="failing"/>'s type is published.</summary>
    private sealed class ThrowingOnceRelay(string failing) : IPlotRelay
    {
        public int Thrown { get; private set; }

        public bool SavesWhole => true;

        public StreamedResult? ForwardStreamed(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token) => null;

        public bool ForwardEdit(string kind, JsonObject body) => false;

        public void Published(SseEvent item, ReadOnlySpan<byte> json)
        {
            if (item.Type == failing && Thrown++ == 0)
            {
                throw new InvalidOperationException("the relay failed");
            }
        }

        public void Viewing()
        {
        }

        public Task<IReadOnlyList<SseEvent>?> HistoryAfterAsync(string lastEventId) => Task.FromResult<IReadOnlyList<SseEvent>?>([]);

        public Task CatchUpAsync() => Task.CompletedTask;

        public void FigureWanted()
        {
        }
    }

    // What a newcomer gets before the next frame instant: nothing published since the last instant, only a start from what
    // was (a snapshot and the events after it), showing the plot as the last event left it; or nothing yet.
    private static void AssertNothingNewAndShows(string y, List<SseEvent> events, long publishedUpTo)
    {
        Assert.All(events, e => Assert.True(e.Sequence <= publishedUpTo, $"{e.Type} {e.Id} published off the grid"));
        if (events.Count > 0)
        {
            AssertShows(y, events);
        }
    }

    // What a viewer that applied these events shows in trace 0's y: the last snapshot's, extended by the frames after it.
    private static void AssertShows(string y, IEnumerable<SseEvent> events)
    {
        var shown = new JsonArray();
        foreach (SseEvent item in events)
        {
            if (item.Type == "figure")
            {
                shown = JsonNode.Parse(item.Data)!["data"]![0]!["y"]!.AsArray().DeepClone().AsArray();
            }
            else if (item.Type == "frame")
            {
                foreach (JsonNode? value in JsonNode.Parse(item.Data)!["traces"]![0]!["extend"]!["y"]!.AsArray())
                {
                    shown.Add(value?.DeepClone());
                }
            }
        }

        Assert.Equal(y, shown.ToJsonString());
    }

    private static List<SseEvent> Drain(Subscription viewer)
    {
        var events = new List<SseEvent>();
        while (viewer.TryRead(out SseEvent item))
        {
            events.Add(item);
        }

        return events;
    }
}
