using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The SQLite file: users with their key hashes, plots (whole copies, <see cref="StoredPlot"/>), the objects
/// streamed since each plot's last whole copy (<see cref="StoredAppend"/>), and the rows that could not be loaded
/// (quarantined_plots, quarantined_appends: kept for a person to inspect). One connection, one caller at a time: the writers
/// that may run once the server listens take the gate; the rest run only while it starts.</summary>
public sealed class SqliteStore : IPlotStore
{
    /// <summary>The most streamed-object text one save statement carries: 64 KiB holds a second's small objects of a plot
    /// (20 of about 30 B) many times over, and keeps a second of large ones from becoming one text of megabytes.</summary>
    private const int MaxRowsBytes = 64 * 1024;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (or creates, readable by this user only) the database and checks its structure.</summary>
    /// <exception cref="SqliteException">The file is not a database, is locked, or cannot be opened.</exception>
    /// <exception cref="DatabaseDamagedException">The file is a database whose structure is damaged (a truncated file).</exception>
    public SqliteStore(string databasePath)
    {
        PrivateFiles.CreateOrRestrict(databasePath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            // WAL: readers never block the writer. FULL: each commit syncs the WAL to disk before it returns, so a commit
            // the server has acknowledged (a /clientresp plot, a second's points) survives an OS crash or power loss too;
            // NORMAL syncs only at checkpoints, and a power loss can roll back the commits since. The saver commits about
            // once a second, so the sync costs little (load benchmark --store-cost; tools/stream-server/README.md).
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            CheckStructure(databasePath);
            StoreSchema.CreateOrUpgrade(_connection);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public List<StoredUser> LoadUsers(List<string> skipped)
    {
        var users = new List<StoredUser>();
        using SqliteCommand command = Command("SELECT name, key_hash FROM users");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetValue(0) is string name && reader.GetValue(1) is string keyHash)
            {
                users.Add(new StoredUser(name, keyHash));
            }
            else
            {
                skipped.Add($"a user row without a name or key hash (name {reader.GetValue(0)})");
            }
        }

        return users;
    }

    public void SaveUser(string name, string keyHash) => WriteUser("ON CONFLICT(name) DO UPDATE SET key_hash = $hash", name, keyHash);

    public bool AddUser(string name, string keyHash) => WriteUser("ON CONFLICT(name) DO NOTHING", name, keyHash);

    // Under the gate: the demo user is stored once the server listens, while the saver may be writing on the one connection.
    private bool WriteUser(string onConflict, string name, string keyHash)
    {
        _gate.Wait();
        try
        {
            using SqliteCommand command = Command($"INSERT INTO users (name, key_hash) VALUES ($name, $hash) {onConflict}");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$hash", keyHash);
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    public List<PlotRow> ReadPlotRows()
    {
        var rows = new List<PlotRow>();
        using SqliteCommand command = Command("SELECT rowid, owner, number, filename, data_json, layout_json, version, deleted_at IS NOT NULL FROM plots ORDER BY owner, number");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new PlotRow(reader.GetInt64(0), reader.GetValue(1), reader.GetValue(2), reader.GetValue(3), reader.GetValue(4), reader.GetValue(5), reader.GetValue(6),
                reader.GetBoolean(7)));
        }

        return rows;
    }

    public List<(long Version, StoredAppend? Append, string? Problem)> ReadAppends(string owner, int number, long afterVersion)
    {
        var appends = new List<(long, StoredAppend?, string?)>();
        using SqliteCommand command = Command("SELECT version, traces_json, object_json FROM plot_appends WHERE owner = $owner AND number = $number AND version > $version ORDER BY version");
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$number", number);
        command.Parameters.AddWithValue("$version", afterVersion);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long version = reader.GetInt64(0);
            appends.Add(reader.GetValue(1) is string traces && reader.GetValue(2) is string json
                ? (version, new StoredAppend(owner, number, version, traces, json), null)
                : (version, null, "traces_json or object_json is NULL or not text"));
        }

        return appends;
    }

    public void QuarantinePlot(long rowId, string reason)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using (SqliteCommand command = Command("""
            INSERT INTO quarantined_appends (owner, number, version, traces_json, object_json, reason, quarantined_at)
                SELECT a.owner, a.number, a.version, a.traces_json, a.object_json, 'its plot was quarantined', $at
                FROM plot_appends a JOIN plots p ON a.owner = p.owner AND a.number = p.number WHERE p.rowid = $id;
            DELETE FROM plot_appends WHERE (owner, number) IN (SELECT owner, number FROM plots WHERE rowid = $id);
            INSERT INTO quarantined_plots (owner, number, filename, data_json, layout_json, version, reason, quarantined_at)
                SELECT owner, number, filename, data_json, layout_json, version, $reason, $at FROM plots WHERE rowid = $id;
            DELETE FROM plots WHERE rowid = $id;
            """))
        {
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$id", rowId);
            command.Parameters.AddWithValue("$reason", reason);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void QuarantineAppend(string owner, int number, long version, string reason)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using (SqliteCommand command = Command("""
            INSERT INTO quarantined_appends (owner, number, version, traces_json, object_json, reason, quarantined_at)
                SELECT owner, number, version, traces_json, object_json, $reason, $at FROM plot_appends WHERE owner = $owner AND number = $number AND version = $version;
            DELETE FROM plot_appends WHERE owner = $owner AND number = $number AND version = $version;
            """))
        {
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$number", number);
            command.Parameters.AddWithValue("$version", version);
            command.Parameters.AddWithValue("$reason", reason);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public async Task SaveAsync(IReadOnlyCollection<StoredPlot> plots, IReadOnlyCollection<StoredAppend> appends, CancellationToken cancellationToken = default)
    {
        if (plots.Count == 0 && appends.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand savePlot = Command("""
                INSERT INTO plots (owner, number, filename, data_json, layout_json, version) VALUES ($owner, $number, $filename, $data, $layout, $version)
                ON CONFLICT(owner, number) DO UPDATE SET filename = $filename, data_json = $data, layout_json = $layout, version = $version
                    WHERE excluded.version >= plots.version AND plots.deleted_at IS NULL;
                DELETE FROM plot_appends WHERE owner = $owner AND number = $number
                    AND version <= (SELECT version FROM plots WHERE owner = $owner AND number = $number);
                """);
            savePlot.Transaction = transaction;
            SqliteParameterCollection plotValues = Parameters(savePlot, "$owner", "$number", "$filename", "$data", "$layout", "$version");
            foreach (StoredPlot plot in plots)
            {
                plotValues[0].Value = plot.Owner;
                plotValues[1].Value = plot.Number;
                plotValues[2].Value = plot.Filename;
                plotValues[3].Value = plot.DataJson;
                plotValues[4].Value = plot.LayoutJson;
                plotValues[5].Value = plot.Version;
                await savePlot.ExecuteNonQueryAsync(cancellationToken);
            }

            // One statement per plot and batch: its objects travel as one JSON array of [version, traces, object]
            // rows that SQLite unpacks (json_each), so the plot's version is looked up once, not once per object.
            // Row by row, saving cost 11 µs of CPU per object (load benchmark's --store-cost).
            using SqliteCommand saveAppends = Command("""
                INSERT OR IGNORE INTO plot_appends (owner, number, version, traces_json, object_json)
                SELECT $owner, $number, row.value ->> 0, row.value ->> 1, row.value ->> 2
                FROM json_each($rows) AS row
                WHERE row.value ->> 0 > COALESCE((SELECT version FROM plots WHERE owner = $owner AND number = $number), -1)
                    AND NOT EXISTS (SELECT 1 FROM plots WHERE owner = $owner AND number = $number AND deleted_at IS NOT NULL)
                ORDER BY row.key
                """);
            saveAppends.Transaction = transaction;
            SqliteParameterCollection appendValues = Parameters(saveAppends, "$owner", "$number", "$rows");
            foreach (IGrouping<(string Owner, int Number), StoredAppend> ofPlot in appends.GroupBy(append => (append.Owner, append.Number)))
            {
                appendValues[0].Value = ofPlot.Key.Owner;
                appendValues[1].Value = ofPlot.Key.Number;
                foreach (string rows in AppendRows(ofPlot))
                {
                    appendValues[2].Value = rows;
                    await saveAppends.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeletePlotAsync(string owner, int number, string filename, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand delete = Command("""
                INSERT INTO plots (owner, number, filename, data_json, layout_json, deleted_at) VALUES ($owner, $number, $filename, '[]', '{}', $at)
                ON CONFLICT(owner, number) DO UPDATE SET data_json = '[]', layout_json = '{}', deleted_at = $at WHERE plots.deleted_at IS NULL;
                DELETE FROM plot_appends WHERE owner = $owner AND number = $number;
                """);
            delete.Transaction = transaction;
            delete.Parameters.AddWithValue("$owner", owner);
            delete.Parameters.AddWithValue("$number", number);
            delete.Parameters.AddWithValue("$filename", filename);
            delete.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the file's write lock and lets it go (BEGIN IMMEDIATE): fails when another process (an sqlite3
    /// shell, say) holds it past SQLite's busy timeout.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Execute("BEGIN IMMEDIATE; ROLLBACK;");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A PRAGMA's value in effect on this store's own connection (synchronous and journal_mode are per
    /// connection, so only this one tells what the saver's commits get): for the tests.</summary>
    internal object? PragmaValue(string name)
    {
        using SqliteCommand command = Command($"PRAGMA {name}");
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    // A truncated or overwritten file opens fine and fails later, on the page that is missing; check every page now,
    // so start-up either works or stops with a message, never half-way.
    private void CheckStructure(string databasePath)
    {
        using SqliteCommand command = Command("PRAGMA quick_check(1)");
        string result = command.ExecuteScalar() as string ?? "no answer";
        if (result != "ok")
        {
            throw new DatabaseDamagedException(databasePath, result);
        }
    }

    /// <summary>[[version, traces JSON, object JSON], ...] with both JSON texts as strings, unpacked by json_each; a new
    /// array after each <see cref="MaxRowsBytes"/>, so a second of large objects (a streamed 700 KB column, five a
    /// second) is not copied into one text of many megabytes.</summary>
    private static IEnumerable<string> AppendRows(IEnumerable<StoredAppend> appends)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        using (writer)
        {
            writer.WriteStartArray();
            foreach (StoredAppend append in appends)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(append.Version);
                writer.WriteStringValue(append.TracesJson);
                writer.WriteStringValue(append.ObjectJson);
                writer.WriteEndArray();
                if (writer.BytesPending + buffer.WrittenCount >= MaxRowsBytes)
                {
                    writer.WriteEndArray();
                    writer.Flush();
                    yield return Encoding.UTF8.GetString(buffer.WrittenSpan);
                    buffer.ResetWrittenCount();
                    writer.Reset(buffer);
                    writer.WriteStartArray();
                }
            }

            writer.WriteEndArray();
            writer.Flush();
            if (buffer.WrittenCount > 2)
            {
                yield return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    private static SqliteParameterCollection Parameters(SqliteCommand command, params string[] names)
    {
        foreach (string name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command.Parameters;
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
