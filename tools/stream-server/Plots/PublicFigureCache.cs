using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The bytes of a plot's <c>/p/ID.json</c> (<see cref="Plot.PublicFigureUtf8Async"/>): written once per state of
/// the plot and shared by every request until it changes; requests that come while it is being written wait for it
/// instead of writing it again. The bytes are kept by a weak reference, so a plot read once does not hold a second copy
/// of itself for good (the figure is written again after a full garbage collection took them). A type of its own so
/// that Plot keeps only what the cache is keyed on. Its state is the plot's: read and changed under the plot's lock,
/// which it is given and takes only for that (no lock of its own); the JSON is written outside it.</summary>
internal sealed class PublicFigureCache(object plotGate)
{
    private Entry? _entry; // the bytes for the plot as it was at (version, events published)
    private long _lastBytes; // their size when last written

    /// <summary>How often the figure has been written (read under no lock: a count for tests).</summary>
    public long Writes { get; private set; }

    /// <summary>How large the figure's JSON will be, about: its size the last time it was written, or else
    /// <paramref name="measuredBytes"/>, the plot's measured bytes. Under the plot's lock.</summary>
    public long ExpectedBytes(long measuredBytes) => _lastBytes > 0 ? _lastBytes : measuredBytes;

    /// <summary>Under the plot's lock: the figure of the plot in <paramref name="state"/>, written or being written; null
    /// when it has to be written (<see cref="Begin"/>).</summary>
    public Task<PublicFigure>? Kept((long Version, long Published) state)
    {
        if (_entry is Entry kept && kept.State == state)
        {
            if (kept.Writing is Task<PublicFigure> pending)
            {
                return pending;
            }

            if (kept.Written!.TryGetTarget(out byte[]? written))
            {
                return Task.FromResult(new PublicFigure(kept.Filename, written.AsMemory(0, kept.Length)));
            }
        }

        return null;
    }

    /// <summary>Under the plot's lock: copies the figure's containers (<see cref="PublicFigureCopy"/>) and keeps the
    /// writing for requests that come meanwhile; <see cref="Write"/> then writes it outside the lock.</summary>
    public Pending Begin((long Version, long Published) state, string filename, JsonArray data, JsonObject layout, long measuredBytes)
    {
        Writes++;
        PublicFigureCopy copy = PublicFigureCopy.Take(data, layout);
        var writing = new TaskCompletionSource<PublicFigure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new Entry(state, filename, ExpectedBytes(measuredBytes)) { Writing = writing.Task };
        _entry = entry;
        return new Pending(entry, copy, writing);
    }

    /// <summary>Outside the plot's lock: writes what <see cref="Begin"/> copied and keeps the bytes.</summary>
    public Task<PublicFigure> Write(Pending pending)
    {
        (Entry entry, PublicFigureCopy copy, TaskCompletionSource<PublicFigure> writing) = pending;
        try
        {
            ReadOnlyMemory<byte> json = copy.ToUtf8(entry.ExpectedBytes);
            var figure = new PublicFigure(entry.Filename, json);
            MemoryMarshal.TryGetArray(json, out ArraySegment<byte> written);
            lock (plotGate)
            {
                // The array, not the figure: the figure is a small object a young collection takes at once, while a large
                // array lives until a full collection, which comes when memory is needed.
                entry.Written = new WeakReference<byte[]>(written.Array!);
                entry.Length = written.Count;
                entry.Writing = null;
                _lastBytes = written.Count;
            }

            writing.SetResult(figure);
        }
        catch (Exception exception)
        {
            lock (plotGate)
            {
                if (_entry == entry)
                {
                    _entry = null;
                }
            }

            writing.SetException(exception);
        }

        return writing.Task;
    }

    /// <summary>A figure <see cref="Begin"/> copied, to be written by <see cref="Write"/>.</summary>
    internal readonly record struct Pending(Entry Entry, PublicFigureCopy Copy, TaskCompletionSource<PublicFigure> Writing);

    internal sealed class Entry((long, long) state, string filename, long expectedBytes)
    {
        public (long Version, long Published) State { get; } = state;

        public string Filename { get; } = filename;

        public Task<PublicFigure>? Writing { get; set; }

        /// <summary>How large the JSON will be, about (<see cref="ExpectedBytes"/>).</summary>
        public long ExpectedBytes { get; } = expectedBytes;

        public WeakReference<byte[]>? Written { get; set; }

        public int Length { get; set; }
    }
}
