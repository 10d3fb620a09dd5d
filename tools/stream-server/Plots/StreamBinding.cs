namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>One stream token: the plot it feeds now, its throttle, its counters and the
/// connection streaming to it. Outlives re-binding, so counters survive a plot overwrite that keeps the token.</summary>
public sealed class StreamBinding
{
    private StreamTarget? _target;
    private object? _activeConnection;
    private long _received;
    private long _dropped;
    private long _heartbeats;

    public StreamBinding(string token, int throttleMilliseconds)
    {
        Token = token;
        Throttle = new StreamThrottle(throttleMilliseconds);
    }

    public string Token { get; }

    public StreamThrottle Throttle { get; }

    /// <summary>Null once the token is in no plot (dropped by an overwrite, or its plot deleted).</summary>
    public StreamTarget? Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public bool IsConnected => Volatile.Read(ref _activeConnection) is not null;

    /// <summary>The connection streaming to this token now, or null.</summary>
    public object? ActiveConnection => Volatile.Read(ref _activeConnection);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void CountHeartbeat() => Interlocked.Increment(ref _heartbeats);

    /// <summary>Makes <paramref name="connection"/> the token's connection and returns the one it
    /// replaces, which the caller ends: a second connection with the same token takes over.</summary>
    public T? Attach<T>(T connection) where T : class => Interlocked.Exchange(ref _activeConnection, connection) as T;

    public void Detach(object connection) => Interlocked.CompareExchange(ref _activeConnection, null, connection);
}
