namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The users who may create and edit plots, with their keys. Read-only after start-up.</summary>
public sealed class UserDirectory
{
    private readonly Dictionary<string, string> _keys;

    public UserDirectory(IReadOnlyDictionary<string, string> keys)
    {
        _keys = new Dictionary<string, string>(keys, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> Keys => _keys;

    public bool Exists(string name) => _keys.ContainsKey(name);

    public bool Authenticate(string? name, string? key)
    {
        return name is not null && _keys.TryGetValue(name, out string? expected) && ApiKey.FixedTimeEquals(expected, key);
    }
}
