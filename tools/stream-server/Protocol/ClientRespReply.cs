using System.Text.Json.Serialization;

namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>The /clientresp answer. Always JSON with every field a string: the npm client reads
/// body.error.length and crashes when "error" is missing.</summary>
public sealed record ClientRespReply
{
    [JsonPropertyName("error")]
    public string Error { get; init; } = "";

    [JsonPropertyName("stream-status")]
    public string StreamStatus { get; init; } = "";

    [JsonPropertyName("stream-host")]
    public string StreamHost { get; init; } = "";

    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    [JsonPropertyName("filename")]
    public string Filename { get; init; } = "";

    [JsonPropertyName("message")]
    public string Message { get; init; } = "";

    [JsonPropertyName("warning")]
    public string Warning { get; init; } = "";

    public static ClientRespReply Failure(string error) => new() { Error = error, Message = error };
}
