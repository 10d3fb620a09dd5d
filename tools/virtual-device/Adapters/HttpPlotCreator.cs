using System.Net.Http.Headers;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// Plot creation on a PC: core's <see cref="PlotCreationRequest"/> body posted with <see cref="HttpClient"/>, the answer
/// read and judged by core's <see cref="PlotCreationAnswer.FromJson"/>, as the board does with nanoFramework's HttpClient.
/// Every failure to reach the server is an <see cref="IOException"/> with the reason.
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
            return PlotCreationAnswer.FromJson((int)response.StatusCode, reader.ReadToEnd());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new IOException($"creating the plot at {address} failed: {e.Message}", e);
        }
    }
}
