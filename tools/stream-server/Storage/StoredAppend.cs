namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>One streamed object as saved after its plot's last whole copy: replayed on that copy at
/// start-up. <paramref name="TracesJson"/> is the array of trace indices it fed.</summary>
public sealed record StoredAppend(string Owner, int Number, long Version, string TracesJson, string ObjectJson);
