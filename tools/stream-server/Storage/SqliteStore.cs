using Microsoft.Data.Sqlite;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The SQLite file: users with their keys, and plots (traces with their stream tokens and
/// current windows, layout). One connection, used by one caller at a time.</summary>
public sealed class SqliteStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteStore(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        // WAL: readers never block the writer; NORMAL sync is durable across a process crash
        // (only an OS crash or power loss can lose the last commits).
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY,
                api_key TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS plots (
                owner TEXT NOT NULL,
                number INTEGER NOT NULL,
                filename TEXT NOT NULL,
                data_json TEXT NOT NULL,
                layout_json TEXT NOT NULL,
                PRIMARY KEY (owner, number));
            """);
    }

    public Dictionary<string, string> LoadUsers()
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        using SqliteCommand command = Command("SELECT name, api_key FROM users");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            users[reader.GetString(0)] = reader.GetString(1);
        }

        return users;
    }

    public void SaveUser(string name, string apiKey)
    {
        using SqliteCommand command = Command("INSERT INTO users (name, api_key) VALUES ($name, $key) ON CONFLICT(name) DO UPDATE SET api_key = $key");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$key", apiKey);
        command.ExecuteNonQuery();
    }

    public List<StoredPlot> LoadPlots()
    {
        var plots = new List<StoredPlot>();
        using SqliteCommand command = Command("SELECT owner, number, filename, data_json, layout_json FROM plots ORDER BY owner, number");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            plots.Add(new StoredPlot(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return plots;
    }

    /// <summary>Writes the plots in one transaction: all of them or none.</summary>
    public async Task SavePlotsAsync(IReadOnlyCollection<StoredPlot> plots)
    {
        if (plots.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand command = Command("""
                INSERT INTO plots (owner, number, filename, data_json, layout_json) VALUES ($owner, $number, $filename, $data, $layout)
                ON CONFLICT(owner, number) DO UPDATE SET filename = $filename, data_json = $data, layout_json = $layout
                """);
            command.Transaction = transaction;
            foreach (StoredPlot plot in plots)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$owner", plot.Owner);
                command.Parameters.AddWithValue("$number", plot.Number);
                command.Parameters.AddWithValue("$filename", plot.Filename);
                command.Parameters.AddWithValue("$data", plot.DataJson);
                command.Parameters.AddWithValue("$layout", plot.LayoutJson);
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql);
        command.ExecuteNonQuery();
    }
}
