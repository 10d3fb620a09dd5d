using System.Net.Http.Headers;
using System.Text.Json;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// Plot creation on a PC: core's <see cref="PlotCreationRequest"/> body posted with <see cref="HttpClient"/>, the answer
/// read with System.Text.Json and judged by core's <see cref="PlotCreationAnswer"/>, as the board does with
/// nanoFramework's HttpClient and Json. Every failure to reach the server is an <see cref="IOException"/> with the reason.
/// </summary>
public sealed class HttpPlotCreator(TimeSpan timeout) : IPlotCreator
{
    /// <inheritdoc/>
    public PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request)
    {
        using var content = new ByteArrayContent(request.BuildBody());
        content.Headers.ContentType = new MediaTypeHeaderValue(PlotCreationRequest.ContentType);
        using var http = new HttpClient { Timeout = timeout };
        string address = server + PlotCreationRequest.Path;
        try
        {
            using HttpResponseMessage response = http.Send(new HttpRequestMessage(HttpMethod.Post, address) { Content = content });
            using var reader = new StreamReader(response.Content.ReadAsStream());
            return Interpret((int)response.StatusCode, reader.ReadToEnd());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new IOException($"creating the plot at {address} failed: {e.Message}", e);
        }
    }

    private static PlotCreationAnswer Interpret(int status, string body)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return PlotCreationAnswer.Interpret(status, null, null, null, null, null, null, null);
        }

        string? Field(string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        return PlotCreationAnswer.Interpret(status, Field("error"), Field("stream-status"), Field("stream-host"), Field("url"), Field("message"), Field("warning"), Field("filename"));
    }
}
