namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>A user as stored: the name and the key's hash (<see cref="Accounts.ApiKeyHash"/>), never the key.</summary>
public sealed record StoredUser(string Name, string KeyHash);
