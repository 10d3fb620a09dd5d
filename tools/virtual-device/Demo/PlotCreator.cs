using System.Net.Http.Headers;
using System.Text.Json;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>
/// Creates the demo's plot through POST /clientresp with core's <see cref="PlotCreationRequest"/> (the body the device
/// sends at boot) and judges the answer with <see cref="PlotCreationAnswer"/>, over <see cref="HttpClient"/>.
/// </summary>
public static class PlotCreator
{
    /// <summary>The plot's file name: the same each run, so a run overwrites the last one instead of piling up plots.</summary>
    public const string FileName = "virtual-device";

    /// <summary>A trace per token, each on its own y axis row.</summary>
    public static PlotTrace[] Traces(PlotTokens tokens)
    {
        var traces = new List<PlotTrace> { new("Pulse", tokens.Pulse, DemoDevice.PulseMaxPoints, 1) };
        if (tokens.HeartRate != null)
        {
            traces.Add(new PlotTrace("Heart rate (bpm)", tokens.HeartRate, DemoDevice.ReadingMaxPoints, 2));
        }

        if (tokens.OxygenSaturation != null)
        {
            traces.Add(new PlotTrace("SpO2 (%)", tokens.OxygenSaturation, DemoDevice.ReadingMaxPoints, 3));
        }

        return traces.ToArray();
    }

    /// <summary>Posts the request to <paramref name="server"/>; throws <see cref="InputException"/> saying why when no plot was made.</summary>
    public static async Task<PlotCreationAnswer> CreateAsync(Uri server, string user, string key, PlotTokens tokens, CancellationToken cancellationToken = default)
    {
        var request = new PlotCreationRequest(user, key, FileName, "Virtual device", Traces(tokens));
        using var content = new ByteArrayContent(request.BuildBody());
        content.Headers.ContentType = new MediaTypeHeaderValue(PlotCreationRequest.ContentType);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var address = new Uri(server, PlotCreationRequest.Path);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(address, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new InputException($"creating the plot at {address} failed: {e.Message}; check --server and that the server runs.");
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            PlotCreationAnswer answer = Interpret((int)response.StatusCode, body);
            if (!answer.Succeeded)
            {
                throw new InputException($"creating the plot at {address} failed: {answer.Failure}");
            }

            return answer;
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
