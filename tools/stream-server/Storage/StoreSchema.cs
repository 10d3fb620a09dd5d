using HeartRateStreamer.StreamServer.Accounts;
using Microsoft.Data.Sqlite;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Creates the tables, and upgrades a database of an older server: plots get version and deleted_at columns,
/// and plain-text API keys become hashes (<see cref="ApiKeyHash"/>) before anything else reads them.</summary>
public static class StoreSchema
{
    public static void CreateOrUpgrade(SqliteConnection connection)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY,
                key_hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS plots (
                owner TEXT NOT NULL,
                number INTEGER NOT NULL,
                filename TEXT NOT NULL,
                data_json TEXT NOT NULL,
                layout_json TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 0,
                deleted_at TEXT, -- set when the owner deleted the plot: the row only keeps its number taken
                PRIMARY KEY (owner, number));
            CREATE TABLE IF NOT EXISTS plot_appends (
                owner TEXT NOT NULL,
                number INTEGER NOT NULL,
                version INTEGER NOT NULL,
                traces_json TEXT NOT NULL,
                object_json TEXT NOT NULL,
                PRIMARY KEY (owner, number, version)) WITHOUT ROWID;
            -- Rows that could not be loaded, as they were, with the reason: for a person to inspect, never read back.
            CREATE TABLE IF NOT EXISTS quarantined_plots (owner, number, filename, data_json, layout_json, version, reason, quarantined_at);
            CREATE TABLE IF NOT EXISTS quarantined_appends (owner, number, version, traces_json, object_json, reason, quarantined_at);
            """);
        HashedKeys(connection, transaction);
        HashSet<string> plotColumns = Columns(connection, transaction, "plots");
        if (!plotColumns.Contains("version"))
        {
            Execute(connection, transaction, "ALTER TABLE plots ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
        }

        if (!plotColumns.Contains("deleted_at"))
        {
            Execute(connection, transaction, "ALTER TABLE plots ADD COLUMN deleted_at TEXT");
        }

        transaction.Commit();
    }

    // Up to this version the users table held api_key in plain text. The keys are hashed into a new table and the
    // old one dropped with secure_delete on, so the plain keys are overwritten in the file, not just unlinked.
    private static void HashedKeys(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (!Columns(connection, transaction, "users").Contains("api_key"))
        {
            return;
        }

        var users = new List<(object Name, object Key)>();
        using (SqliteCommand read = Command(connection, transaction, "SELECT name, api_key FROM users"))
        using (SqliteDataReader reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                users.Add((reader.GetValue(0), reader.GetValue(1)));
            }
        }

        Execute(connection, transaction, """
            PRAGMA secure_delete = ON;
            DROP TABLE users;
            CREATE TABLE users (name TEXT PRIMARY KEY, key_hash TEXT NOT NULL);
            """);
        using SqliteCommand insert = Command(connection, transaction, "INSERT OR REPLACE INTO users (name, key_hash) VALUES ($name, $hash)");
        foreach ((object name, object key) in users)
        {
            // A row without a name or key could never log in; it is dropped rather than carried over.
            if (name is string userName && key is string plainKey)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$name", userName);
                insert.Parameters.AddWithValue("$hash", ApiKeyHash.IsHash(plainKey) ? plainKey : ApiKeyHash.Create(plainKey));
                insert.ExecuteNonQuery();
            }
        }
    }

    private static HashSet<string> Columns(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using SqliteCommand command = Command(connection, transaction, $"SELECT name FROM pragma_table_info('{table}')");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
