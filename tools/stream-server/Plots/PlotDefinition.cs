using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A validated plot-creation request: traces with normalized stream settings, layout,
/// filename and file option.</summary>
public sealed record PlotDefinition(string Filename, FileOption FileOption, JsonArray Data, JsonObject Layout);
