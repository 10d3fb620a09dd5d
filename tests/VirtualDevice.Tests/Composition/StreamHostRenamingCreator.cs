using System.Text.Json.Nodes;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's real plot creator, whose answers name <paramref name="streamHost"/> as the stream-host, as a server
/// whose streams are served elsewhere answers (the rest of the real answer is kept).
/// </summary>
public sealed class StreamHostRenamingCreator(IPlotCreator inner, string streamHost) : IPlotCreator
{
    /// <inheritdoc/>
    public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
    {
        PlotCreationAnswer answer = inner.Create(server, request);
        var renamed = new JsonObject
        {
            ["url"] = answer.Url,
            ["stream-status"] = answer.StreamStatus,
            ["stream-host"] = streamHost,
            ["message"] = answer.Message,
            ["warning"] = answer.Warning,
            ["filename"] = answer.FileName,
            ["error"] = answer.Failure,
        };
        return PlotCreationAnswer.FromJson(200, renamed.ToJsonString());
    }
}
