namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The database file opens but its structure is damaged (SQLite's quick_check failed), e.g. a truncated file.</summary>
public sealed class DatabaseDamagedException(string databasePath, string problem)
    : Exception($"{databasePath} is damaged: {problem}")
{
    public string DatabasePath { get; } = databasePath;

    public string Problem { get; } = problem;
}
