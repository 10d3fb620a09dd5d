using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot's figure as this node holds it: its traces (style, stream token, data windows) and layout, what each
/// change does to them, and their size (<see cref="PlotByteBudget"/>; points through <see cref="DataWindows"/>). A type
/// of its own so that <see cref="Plot"/> keeps who hears of a change and when (versions, events, frames) and this what
/// the change is. Used under the plot's lock (it takes none).</summary>
internal sealed class PlotFigure
{
    private readonly DataWindows _windows;

    public PlotFigure(JsonArray data, JsonObject layout, PlotByteBudget budget, PendingFrame points)
    {
        Budget = budget;
        _windows = new DataWindows(budget, points);
        Replace(data, layout);
    }

    public JsonArray Data { get; private set; }

    public JsonObject Layout { get; private set; }

    public PlotByteBudget Budget { get; }

    /// <summary>A new figure: its windows' maxpoints and its size are taken from it.</summary>
    [MemberNotNull(nameof(Data), nameof(Layout))]
    public void Replace(JsonArray data, JsonObject layout)
    {
        Data = data;
        Layout = layout;
        _windows.Reset(data);
        Budget.Measure(data, layout);
    }

    /// <summary>True when every one of the indices is a trace that names the token (the usual case: nothing to filter,
    /// nothing made; indexed, since an interface's foreach makes an enumerator object per object streamed).</summary>
    public bool Feeds(string token, IReadOnlyList<int> traceIndices)
    {
        for (int i = 0; i < traceIndices.Count; i++)
        {
            if (!Names(traceIndices[i], token))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The indices whose traces still name the token. A method of its own: a lambda in the caller over its token
    /// parameter made the closure on every call, filtered or not.</summary>
    public int[] Naming(IReadOnlyList<int> traceIndices, string token) => traceIndices.Where(index => Names(index, token)).ToArray();

    /// <summary><see cref="PlotByteBudget.StyleProblem"/> for this figure.</summary>
    public string? StyleProblem(JsonObject update, int copies, bool reserve) => Budget.StyleProblem(update, copies, reserve, Data, Layout);

    /// <summary><see cref="DataWindows.Apply"/> on this figure's traces.</summary>
    public void Apply(IReadOnlyList<int> traceIndices, JsonObject streamed, ILogger logger) => _windows.Apply(Data, traceIndices, streamed, logger);

    public void Relayout(JsonObject update) => JsonPath.ApplyUpdate(Layout, update);

    /// <summary>The distinct trace indices a restyle names, all the traces when null.</summary>
    /// <exception cref="ArgumentException">A trace index does not exist.</exception>
    public int[] RestyledTraces(IReadOnlyList<int>? traceIndices)
    {
        int[] indices = traceIndices?.Distinct().ToArray() ?? Enumerable.Range(0, Data.Count).ToArray();
        foreach (int index in indices.Where(i => i < 0 || i >= Data.Count))
        {
            throw new ArgumentException($"trace index {index} does not exist; this plot has traces 0 to {Data.Count - 1}");
        }

        return indices;
    }

    public void Restyle(JsonObject update, int[] indices)
    {
        foreach (int index in indices)
        {
            JsonPath.ApplyUpdate((JsonObject)Data[index]!, update);
        }
    }

    /// <summary>The traces that name the token name it no more.</summary>
    public void DetachToken(string token)
    {
        foreach (JsonNode? trace in Data)
        {
            if (StreamSettings.Names(trace, token))
            {
                ((JsonObject)trace!["stream"]!).Remove("token");
            }
        }
    }

    /// <summary>Cluster mode: a frame from the plot's builder (<see cref="DataWindows.ApplyFrame"/>).</summary>
    public void MirrorFrame(JsonObject frame) => _windows.ApplyFrame(Data, frame);

    /// <summary>Cluster mode: the builder's relayout, measured as it came (it was reserved on the builder).</summary>
    public void MirrorRelayout(JsonObject update)
    {
        Relayout(update);
        Budget.MeasureStyle(Data, Layout);
    }

    /// <summary>Cluster mode: the builder's restyle event, {"update":{...},"traces":[...]}, measured as it came.</summary>
    public void MirrorRestyle(JsonObject restyle)
    {
        var update = restyle["update"]!.AsObject();
        foreach (JsonNode? index in restyle["traces"]!.AsArray())
        {
            JsonPath.ApplyUpdate((JsonObject)Data[index!.GetValue<int>()]!, update);
        }

        Budget.MeasureStyle(Data, Layout);
    }

    /// <summary>Cluster mode: the builder's public figure, which has no stream tokens: this node's tokens stay in its
    /// traces, so its bindings still work if it becomes the builder.</summary>
    public void MirrorFigure(JsonObject figure)
    {
        var data = figure["data"]!.AsArray();
        for (int i = 0; i < data.Count && i < Data.Count; i++)
        {
            if (Data[i]?["stream"]?["token"] is JsonNode token && data[i] is JsonObject trace)
            {
                if (trace["stream"] is not JsonObject stream)
                {
                    trace["stream"] = stream = new JsonObject();
                }

                stream["token"] = token.DeepClone();
            }
        }

        figure.Remove("data");
        var layout = figure["layout"] as JsonObject ?? new JsonObject();
        figure.Remove("layout");
        Replace(data, layout);
    }

    // Whether trace `index` is there and names the token.
    private bool Names(int index, string token) => index < Data.Count && StreamSettings.Names(Data[index], token);
}
