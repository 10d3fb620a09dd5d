namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>What the write-behind saver has done, for /healthz: a failing saver must be visible, never silent.</summary>
public sealed class PersistenceHealth
{
    private readonly object _gate = new();
    private long _failures;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastSavedAt;
    private bool _lastAttemptFailed;

    public void Saved()
    {
        lock (_gate)
        {
            _lastSavedAt = DateTimeOffset.UtcNow;
            _lastAttemptFailed = false;
        }
    }

    public void Failed(string error)
    {
        lock (_gate)
        {
            _failures++;
            _lastError = error;
            _lastErrorAt = DateTimeOffset.UtcNow;
            _lastAttemptFailed = true;
        }
    }

    public PersistenceStatus Snapshot(int pendingPlots)
    {
        lock (_gate)
        {
            return new PersistenceStatus(_lastAttemptFailed ? "failing" : "ok", _failures, _lastError, _lastErrorAt, _lastSavedAt, pendingPlots);
        }
    }
}

/// <summary>The "persistence" object of /healthz. <paramref name="State"/> is "failing" while the latest save
/// attempt failed; <paramref name="Failures"/> counts every failed save of a plot or batch since start.
/// <paramref name="LastError"/> is for the log only: /healthz answers anyone, and the text names a user's plot (/~alice/3,
/// which the server otherwise shows only its owner) and quotes the database (PostgreSQL's address, user, database).</summary>
public sealed record PersistenceStatus(string State, long Failures, [property: System.Text.Json.Serialization.JsonIgnore] string? LastError,
    DateTimeOffset? LastErrorAt, DateTimeOffset? LastSavedAt, int PendingPlots);
