using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Values;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot: its traces (style plus the current data windows), layout, and live viewers.
/// All state changes under one lock; viewers get the changes as numbered events, data coalesced
/// into at most one frame per <see cref="FrameIntervalMilliseconds"/>. Values arrive validated
/// (<see cref="ValueValidator"/>); the plot keeps its size within <see cref="ValueLimits"/>. The rest of the server
/// talks to this type only; its parts (<see cref="PlotFigure"/>, <see cref="NextFrame"/>, <see cref="FrameSchedule"/>,
/// <see cref="PublicFigureCache"/>) work under its lock.</summary>
public sealed class Plot : IDisposable
{
    /// <summary>The frame grid's cell (<see cref="FrameSchedule"/>).</summary>
    public const int FrameIntervalMilliseconds = FrameSchedule.IntervalMilliseconds;

    private readonly object _gate = new();
    private readonly PlotEventStream _events;
    private readonly NextFrame _nextFrame = new();
    private readonly FrameSchedule _frameSchedule;
    private readonly Func<ReadOnlyMemory<byte>> _publicFigureUtf8; // PublicFigureUtf8Locked: a method group is a new delegate at each use, and every frame uses it
    private readonly IPlotChangeListener _listener;
    private readonly PlotFigure _figure;
    private bool _disposed; // the plot left the server: no frame is scheduled (its timer is gone)
    private string? _lastFailure;
    private long _version;
    private int _saverAccess; // a SaverAccess: read by the saver's loop, set by /clientresp's store
    private readonly PublicFigureCache _publicFigure;

    /// <param name="version">The version of a stored copy being loaded; 0 for a new plot.</param>
    /// <param name="time">The wall clock frames are timed on (the system's; tests give one they move).</param>
    public Plot(string owner, int number, string filename, JsonArray data, JsonObject layout, IPlotChangeListener listener, long version = 0,
        ViewerLimits? viewerLimits = null, UserByteBudget? userReplayBudget = null, UserByteBudget? userPlotBudget = null, TimeProvider? time = null)
    {
        _events = new PlotEventStream(viewerLimits, userReplayBudget);
        Owner = owner;
        Number = number;
        Filename = filename;
        _figure = new PlotFigure(data, layout, new PlotByteBudget(userPlotBudget ?? new UserByteBudget(long.MaxValue), owner, Path), _nextFrame.Points);
        _listener = listener;
        _version = version;
        _frameSchedule = new FrameSchedule(time ?? TimeProvider.System, FlushScheduledFrame);
        _publicFigureUtf8 = PublicFigureUtf8Locked;
        _publicFigure = new PublicFigureCache(_gate);
    }

    public string Owner { get; }

    public int Number { get; }

    public string Filename { get; private set; }

    public string Path => $"/~{Owner}/{Number}";

    /// <summary>Cluster mode only (null on a single node): where this plot's changes are built and its events relayed.</summary>
    public IPlotRelay? Relay { get; set; }

    /// <summary>Whether the saver may write this plot now; held back only while a new plot's row is being made in a cluster.</summary>
    public SaverAccess SaverAccess
    {
        get => (SaverAccess)Volatile.Read(ref _saverAccess);
        set => Volatile.Write(ref _saverAccess, (int)value);
    }

    /// <summary>Where a frame that could not be sent is reported (set by <see cref="PlotRegistry"/>).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    public int TraceCount
    {
        get
        {
            lock (_gate)
            {
                return _figure.Data.Count;
            }
        }
    }

    /// <summary>Tokens named in the traces, each with the indices of the traces it feeds.</summary>
    public IReadOnlyDictionary<string, int[]> StreamTokens()
    {
        lock (_gate)
        {
            return StreamSettings.TokensOf(_figure.Data);
        }
    }

    /// <summary>Applies one streamed object to the traces its token feeds: numbers and strings
    /// append, arrays replace, each column windowed to the trace's maxpoints and the plot's data
    /// budget; "layout" relayouts. The object was checked by <see cref="StreamedObject.Problem"/>.
    /// Returns what became of it: applied (or, in a cluster, forwarded to the node that builds the plot), landed
    /// nowhere, or refused and why (the layout would pass the style budget; the queue to the builder is full). With the
    /// stream's <paramref name="token"/>, only traces that still name it get the object (see <see cref="ApplyLocally"/>).</summary>
    public StreamedResult ApplyStreamObject(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token = null)
    {
        if (Relay is not null)
        {
            // In a cluster only one node builds a plot's frames: the others hand it what their streams accepted. A layout is
            // checked against the budgets on this copy first, as on one node, so the device hears 413 from the node it
            // streams to; the builder could only refuse it where nobody answers the device (it logs that).
            if (streamed["layout"] is JsonObject layoutUpdate && StyleProblem(layoutUpdate) is string problem)
            {
                return StreamedResult.OverBudget(problem);
            }

            if (Relay.ForwardStreamed(traceIndices, streamed, token) is StreamedResult handed)
            {
                return handed;
            }
        }

        return ApplyLocally(traceIndices, streamed, token);
    }

    // Whether a relayout would take this copy past the style budget or its owner's --user-plot-bytes, without reserving
    // anything: the change reaches this copy only as the builder's relayout event, which measures it (Mirror).
    private string? StyleProblem(JsonObject update)
    {
        lock (_gate)
        {
            return _figure.StyleProblem(update, copies: 1, reserve: false);
        }
    }

    /// <summary><see cref="ApplyStreamObject"/> on this node's copy, whichever node builds the frames (cluster mode calls it
    /// once it has taken the plot over). With the stream's <paramref name="token"/>, a trace that no longer names it gets
    /// nothing: a stream reads its trace indices before this lock, and an overwrite may reorder or drop the traces in
    /// between (the token's new indices are bound just after); that object then lands nowhere rather than in another
    /// trace, and is not saved (<see cref="StreamedOutcome.NoTrace"/>: its stream counts it dropped).</summary>
    public StreamedResult ApplyLocally(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token = null)
    {
        lock (_gate)
        {
            if (token is not null && !_figure.Feeds(token, traceIndices))
            {
                traceIndices = _figure.Naming(traceIndices, token);
                if (traceIndices.Count == 0)
                {
                    return StreamedResult.NoTrace;
                }
            }

            var layoutUpdate = streamed["layout"] as JsonObject;
            if (layoutUpdate is not null && ReserveStyleBytesLocked(layoutUpdate, copies: 1) is string problem)
            {
                return StreamedResult.OverBudget(problem);
            }

            _figure.Apply(traceIndices, streamed, Logger);
            ScheduleFrame();
            if (layoutUpdate is not null)
            {
                RelayoutLocked(layoutUpdate);
            }

            _listener.Streamed(this, ++_version, traceIndices, streamed);
            return StreamedResult.Applied;
        }
    }

    /// <summary>Applies a relayout whose keys passed <see cref="AttributePath.Problem"/>; returns
    /// null, or why it was refused (the layout would pass the style budget). In a cluster it is handed to the plot's
    /// builder (<see cref="IPlotRelay.ForwardEdit"/>) unless <paramref name="here"/>: the relay applies an edit it took
    /// on this copy.</summary>
    /// <exception cref="PlotRemovedException">The plot has left the server (an edit that found it just before its delete).</exception>
    public string? Relayout(JsonObject update, bool here = false)
    {
        lock (_gate)
        {
            ThrowIfRemovedLocked();
            if (ReserveStyleBytesLocked(update, copies: 1) is string problem)
            {
                return problem;
            }

            if (!here && Relay?.ForwardEdit("relayout", update) == true)
            {
                return null;
            }

            RelayoutLocked(update);
            _listener.Changed(this, ++_version);
            return null;
        }
    }

    /// <summary>Changes the style of the given traces (all when null) with an update of paths made by
    /// <see cref="StyleUpdate.Normalize"/>; returns null, or why it was refused (the style budget). <paramref name="here"/>
    /// as for <see cref="Relayout"/>.</summary>
    /// <exception cref="ArgumentException">A trace index does not exist.</exception>
    /// <exception cref="PlotRemovedException">The plot has left the server (an edit that found it just before its delete).</exception>
    public string? Restyle(JsonObject update, IReadOnlyList<int>? traceIndices, bool here = false)
    {
        lock (_gate)
        {
            ThrowIfRemovedLocked();
            int[] indices = _figure.RestyledTraces(traceIndices);
            if (ReserveStyleBytesLocked(update, copies: indices.Length) is string problem)
            {
                return problem;
            }

            if (!here && Relay?.ForwardEdit("restyle", RestyleMessage(update, indices)) == true)
            {
                return null;
            }

            _figure.Restyle(update, indices);
            PublishEditLocked("restyle", RestyleMessage(update, indices).ToJsonString());
            _listener.Changed(this, ++_version);
            return null;
        }
    }

    /// <summary>Replaces the whole figure (fileopt overwrite); viewers get a new snapshot. With
    /// <paramref name="storedVersion"/> (cluster mode: another node stored it) the plot takes that version and is not saved again.</summary>
    public void Replace(string filename, JsonArray data, JsonObject layout, long? storedVersion = null)
    {
        lock (_gate)
        {
            Filename = filename;
            _figure.Replace(data, layout);
            PublishFigureLocked();
            if (storedVersion is long version)
            {
                _version = version;
            }
            else
            {
                _listener.Changed(this, ++_version);
            }
        }
    }

    /// <summary>The token now feeds another plot: this one keeps its data as a static copy. It is saved whole where this
    /// copy is the plot's current one: on one node, and in a cluster on the plot's builder (<see cref="IPlotRelay.SavesWhole"/>).
    /// Any other node's copy may lack the builder's newest points: saved whole it would replace them in the store, so it
    /// only drops the token, and the store's row loses it by a targeted update (<see cref="IPlotCluster.StoreAsync"/>).</summary>
    public void DetachToken(string token)
    {
        lock (_gate)
        {
            _figure.DetachToken(token);
            if (Relay?.SavesWhole != false)
            {
                _listener.Changed(this, ++_version);
            }
        }
    }

    /// <summary>The figure as /p/ID.json serves it: {"data":[...],"layout":{...}} without the stream tokens, in UTF-8,
    /// with the filename of the same moment; written once per state of the plot, outside the lock, and kept
    /// (<see cref="PublicFigureCache"/>).</summary>
    public Task<PublicFigure> PublicFigureUtf8Async()
    {
        PublicFigureCache.Pending pending;
        lock (_gate)
        {
            (long, long) state = (_version, _events.PublishedCount);
            if (_publicFigure.Kept(state) is Task<PublicFigure> kept)
            {
                return kept;
            }

            pending = _publicFigure.Begin(state, Filename, _figure.Data, _figure.Layout, _figure.Budget.Bytes);
        }

        return _publicFigure.Write(pending);
    }

    /// <summary>How often <see cref="PublicFigureUtf8Async"/> has written the figure (read under no lock: a count for tests).</summary>
    internal long FigureWrites => _publicFigure.Writes;

    /// <summary>What the plot's replay buffer holds now: its newest event's id, how many events and their bytes (for tests).</summary>
    internal (string LastId, int Events, long Bytes) Replay
    {
        get
        {
            lock (_gate)
            {
                return (_events.CurrentId, _events.ReplayCount, _events.ReplayBytes);
            }
        }
    }

    /// <summary>{"data":[...],"layout":{...}} with the stream tokens removed: tokens are write credentials.</summary>
    public string PublicFigureJson()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(PublicFigureUtf8Locked().Span);
        }
    }

    public StoredPlot ToStored()
    {
        lock (_gate)
        {
            return new StoredPlot(Owner, Number, Filename, _figure.Data.ToJsonString(), _figure.Layout.ToJsonString(), _version);
        }
    }

    /// <summary>Cluster mode: brings this node's copy up to the builder's (<see cref="IPlotRelay.CatchUpAsync"/>); at once on one node.</summary>
    public Task CatchUpAsync() => Relay?.CatchUpAsync() ?? Task.CompletedTask;

    /// <summary>Registers a viewer: it first gets a snapshot, or the events after lastEventId from this node's replay buffer,
    /// or in cluster mode, when that buffer does not reach back to it, the builder's from the plot's history in Redis
    /// (<see cref="IPlotRelay.HistoryAfterAsync"/>). Null when the plot has as many viewers as
    /// <see cref="ViewerLimits.MaxViewersPerPlot"/> allows, or has left the server (<see cref="IsDisposed"/>). The history is
    /// read only for a viewer there is room for, its place held meanwhile: a viewer refused costs no read.</summary>
    public async Task<Subscription?> SubscribeAsync(string? lastEventId)
    {
        bool fromHistory;
        lock (_gate)
        {
            fromHistory = Relay is not null && lastEventId is not null && !_events.CanResume(lastEventId);
            if (fromHistory && !_events.TryAdmit())
            {
                return null;
            }
        }

        if (!fromHistory)
        {
            return Subscribe(lastEventId, history: null, admitted: false);
        }

        IReadOnlyList<SseEvent>? history;
        try
        {
            history = await Relay!.HistoryAfterAsync(lastEventId!);
        }
        catch
        {
            lock (_gate)
            {
                _events.Withdraw();
            }

            throw;
        }

        return Subscribe(lastEventId, history, admitted: true);
    }

    private Subscription? Subscribe(string? lastEventId, IReadOnlyList<SseEvent>? history, bool admitted)
    {
        bool held = admitted; // the place TryAdmit held, until _events.Subscribe takes it: every other way out gives it back
        Subscription? subscription;
        try
        {
            Relay?.Viewing();
            lock (_gate)
            {
                if (_disposed)
                {
                    return null; // it left the server between the viewer's lookup and now: asked again, its link says so
                }

                // No frame goes out for a newcomer: frames go out on the grid's instants only (a viewer refused, or one
                // joining, used to send every viewer the points so far at once). A newcomer that needs a new snapshot
                // while changes wait for the next frame gets it with that frame, as the plot is then.
                held = false;
                subscription = _events.Subscribe(lastEventId, _publicFigureUtf8, Unsubscribe, history, admitted, figureAhead: !InStepLocked);
            }
        }
        finally
        {
            if (held)
            {
                lock (_gate)
                {
                    _events.Withdraw();
                }
            }
        }

        if (subscription?.AwaitsFigure == true)
        {
            Relay?.FigureWanted();
        }

        return subscription;
    }

    /// <summary>Ends all viewers' event streams; used when the server stops.</summary>
    public void EndViewerStreams()
    {
        lock (_gate)
        {
            _events.CompleteAll();
        }
    }

    /// <summary>The version of this copy: each change counts one (the store keeps whole copies and objects by it).</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>The bytes this plot counts against its owner's <see cref="UserLimits.PlotBytes"/>.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _figure.Budget.HeldBytes;
            }
        }
    }

    /// <summary>Cluster mode: this node takes over building the plot, or stores an overwrite of it; the store holds
    /// versions up to <paramref name="storedVersion"/> from other nodes. The plot goes on above them and is saved whole.</summary>
    public void ContinueFromVersion(long storedVersion)
    {
        lock (_gate)
        {
            _version = Math.Max(_version, storedVersion);
            _listener.Changed(this, ++_version);
        }
    }

    /// <summary>Cluster mode: sends every viewer (on every node) the whole figure as a new event, so a node that starts
    /// mirroring this plot, or the viewers after a change of frame builder, start from the same state.</summary>
    public void PublishFigure()
    {
        lock (_gate)
        {
            PublishFigureLocked();
        }
    }

    // A figure shows the whole plot: what waited for the next frame instant is in it, and goes out with it.
    private void PublishFigureLocked()
    {
        _nextFrame.Clear();
        PublishLocked("figure", PublicFigureUtf8Locked().Span);
        _events.StartWaiting(_publicFigureUtf8);
    }

    /// <summary>Cluster mode: the frame builder lets the plot go. What waits for the next frame instant (points, relayouts,
    /// restyles) goes out now, while this node still relays what it publishes: at the instant it would reach this node's
    /// viewers only, and the next builder would go on (and save) without it.</summary>
    public void PublishPendingNow()
    {
        lock (_gate)
        {
            if (!_disposed && !InStepLocked)
            {
                FlushFrameLocked();
            }
        }
    }

    /// <summary>Viewers subscribed, those waiting for the next frame instant to start included.</summary>
    internal int ViewerCount
    {
        get
        {
            lock (_gate)
            {
                return _events.SubscriberCount;
            }
        }
    }

    // True when the events published so far show the whole plot: nothing waits for the next frame instant.
    private bool InStepLocked => _nextFrame.IsEmpty;

    // A relayout or restyle goes out at the next frame instant, after the frame of the points that came before it, so
    // viewers see the changes in the order they were made, and all on the grid.
    private void PublishEditLocked(string eventType, string json)
    {
        _nextFrame.AddEdit(eventType, json);
        ScheduleFrame();
    }

    /// <summary>Cluster mode: applies an event that the plot's frame builder on another node published, and passes it to
    /// this node's viewers with the builder's id. Not saved (the builder saves) and not relayed again. A plot that has left
    /// this node takes none (an event on its way when it was removed).</summary>
    /// <exception cref="FormatException">The event is not one this server makes.</exception>
    public void Mirror(string id, string eventType, ReadOnlySpan<byte> json)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            JsonNode body = JsonNode.Parse(json) ?? throw new FormatException($"a mirrored {eventType} event is null");
            ReadOnlySpan<byte> passedOn = json;
            switch (eventType)
            {
                case "frame":
                    _figure.MirrorFrame(body.AsObject());
                    _nextFrame.Points.Clear(); // the builder sent this frame; this node sends none of its own
                    break;
                case "relayout":
                    _figure.MirrorRelayout(body.AsObject());
                    break;
                case "restyle":
                    _figure.MirrorRestyle(body.AsObject());
                    break;
                case "figure":
                    // As this node's own figures go out, each trace with its maxpoints: a builder of an older version sent none.
                    // Taken before this node's tokens go into the traces.
                    passedOn = PublicFigureCopy.Of(body.AsObject(), json.Length).Span;
                    _figure.MirrorFigure(body.AsObject());
                    _nextFrame.Clear();
                    break;
                default:
                    throw new FormatException($"'{eventType}' is not an event this server makes");
            }

            _events.PublishMirrored(id, eventType, passedOn);
            if (InStepLocked)
            {
                _events.StartWaiting(_publicFigureUtf8);
            }
        }
    }

    /// <summary>Whether the plot has left the server (deleted, or taken back on a cluster node).</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>The plot leaves the server. A device's object that was on its way still applies to this copy (its
    /// token's target was read before), but reaches no viewer and no budget: from now on the plot publishes nothing (its
    /// replay buffer, given back here, would hold what nothing releases). An owner's edit is refused
    /// (<see cref="PlotRemovedException"/>).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _figure.Budget.Release();
        }

        _frameSchedule.Dispose();
        lock (_gate)
        {
            _events.Close();
        }
    }

    private void PublishLocked(string eventType, ReadOnlySpan<byte> json)
    {
        if (_disposed)
        {
            return; // no viewer is left to get it, and its bytes would stay in the owner's replay budget for good
        }

        SseEvent item = _events.Publish(eventType, json);
        Relay?.Published(item, json);
    }

    private void ThrowIfRemovedLocked()
    {
        if (_disposed)
        {
            throw new PlotRemovedException(Path);
        }
    }

    private void PublishLocked(string eventType, string json) => PublishLocked(eventType, System.Text.Encoding.UTF8.GetBytes(json));

    private static JsonObject RestyleMessage(JsonObject update, int[] indices) =>
        new() { ["update"] = update.DeepClone(), ["traces"] = new JsonArray(indices.Select(i => (JsonNode)i).ToArray()) };

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            _events.Remove(subscription);
        }
    }

    // Reserves the update's bound (PlotByteBudget.StyleProblem) when it fits.
    private string? ReserveStyleBytesLocked(JsonObject update, int copies) => _figure.StyleProblem(update, copies, reserve: true);

    private void RelayoutLocked(JsonObject update)
    {
        _figure.Relayout(update);
        PublishEditLocked("relayout", update.ToJsonString());
    }

    // A plot that left the server schedules no frame: its timer is gone.
    private void ScheduleFrame()
    {
        if (!_disposed)
        {
            _frameSchedule.Schedule();
        }
    }

    /// <summary><see cref="FrameSchedule.ClockStepBackMilliseconds"/>.</summary>
    internal const long ClockStepBackMilliseconds = FrameSchedule.ClockStepBackMilliseconds;

    /// <summary><see cref="FrameSchedule.InstantAfter"/>.</summary>
    internal static long FrameInstantAfter(long now, long lastFrameInstant) => FrameSchedule.InstantAfter(now, lastFrameInstant);

    // A timer callback's exception would end the process: whatever goes wrong is logged and skipped.
    private void FlushScheduledFrame()
    {
        try
        {
            lock (_gate)
            {
                FlushFrameLocked();
            }
        }
        catch (Exception exception)
        {
            ReportFailure("sending a frame", exception);
        }
    }

    // At a frame instant: the points since the last frame, then the edits made since, then the viewers that waited for them.
    private void FlushFrameLocked()
    {
        _frameSchedule.Flushing();
        // The edits are taken before any is published: one that throws (the relay, say) must not leave them to be sent
        // again at the next instant; and the viewers that waited are started whatever went wrong, or they would wait for
        // a frame no timer is set for.
        (string EventType, string Json)[] edits = _nextFrame.TakeEdits();
        try
        {
            if (!_nextFrame.Points.IsEmpty && !PublishFrameLocked())
            {
                return; // the figure sent instead shows the edits too
            }

            foreach ((string eventType, string json) in edits)
            {
                PublishLocked(eventType, json);
            }
        }
        finally
        {
            _events.StartWaiting(_publicFigureUtf8);
        }
    }

    // False when the frame could not be made and a figure went out instead.
    private bool PublishFrameLocked()
    {
        try
        {
            PublishLocked("frame", _nextFrame.WritePoints(_figure.Data));
            _nextFrame.Sent();
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException)
        {
            // The points stay in the plot; a snapshot puts the viewers back in step without this frame (and shows the edits).
            ReportFailure("sending a frame", exception);
            PublishLocked("figure", PublicFigureUtf8Locked().Span);
            return false;
        }
        finally
        {
            _nextFrame.Points.Clear();
        }
    }

    // One line per plot and reason: a value that fails every frame must not flood the log.
    private void ReportFailure(string doing, Exception exception)
    {
        string reason = $"{exception.GetType().Name}: {exception.Message}";
        if (reason != Interlocked.Exchange(ref _lastFailure, reason))
        {
            Logger.LogError("Plot {Plot}: {Doing} failed and was skipped: {Reason}", Path, doing, reason);
        }
        else
        {
            Logger.LogDebug("Plot {Plot}: {Doing} failed and was skipped again: {Reason}", Path, doing, reason);
        }
    }

    // The figure's public form (PublicFigureCopy: no tokens, each trace's maxpoints as the server keeps to it), in UTF-8 as the
    // event stream sends it.
    private ReadOnlyMemory<byte> PublicFigureUtf8Locked() =>
        PublicFigureCopy.Take(_figure.Data, _figure.Layout).ToUtf8(ExpectedFigureBytesLocked);

    private long ExpectedFigureBytesLocked => _publicFigure.ExpectedBytes(_figure.Budget.Bytes);
}
