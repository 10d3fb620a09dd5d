using Npgsql;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Users and plots in a PostgreSQL database (<c>--store postgres://...</c>): the same tables and guarantees as
/// <see cref="SqliteStore"/>, for servers that share one database. Connections come from Npgsql's pool, so saves from
/// several nodes or threads run side by side; the version checks in the statements keep a slower writer from putting
/// back an older copy, as in SQLite.</summary>
public sealed class PostgresStore : IPlotStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects and creates the tables if they are missing.</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the user.</exception>
    public PostgresStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            using NpgsqlConnection connection = _dataSource.OpenConnection();
            using var command = new NpgsqlCommand(Schema, connection);
            command.ExecuteNonQuery();
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    // The column types of SqliteStore's tables; the quarantine tables keep what could not be read as text. The
    // advisory lock makes nodes that start together create the tables one after another.
    private const string Schema = """
        SELECT pg_advisory_xact_lock(7263514);
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY,
            key_hash TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS plots (
            id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            owner TEXT NOT NULL,
            number INTEGER NOT NULL,
            filename TEXT NOT NULL,
            data_json TEXT NOT NULL,
            layout_json TEXT NOT NULL,
            version BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (owner, number));
        -- Set when the owner deleted the plot: the row only keeps its number taken.
        ALTER TABLE plots ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMPTZ;
        CREATE TABLE IF NOT EXISTS plot_appends (
            owner TEXT NOT NULL,
            number INTEGER NOT NULL,
            version BIGINT NOT NULL,
            traces_json TEXT NOT NULL,
            object_json TEXT NOT NULL,
            PRIMARY KEY (owner, number, version));
        CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
        CREATE TABLE IF NOT EXISTS plot_numbers (owner TEXT PRIMARY KEY, next INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS quarantined_plots (owner TEXT, number TEXT, filename TEXT, data_json TEXT, layout_json TEXT,
            version TEXT, reason TEXT, quarantined_at TIMESTAMPTZ);
        CREATE TABLE IF NOT EXISTS quarantined_appends (owner TEXT, number TEXT, version TEXT, traces_json TEXT, object_json TEXT,
            reason TEXT, quarantined_at TIMESTAMPTZ);
        """;

    public List<StoredUser> LoadUsers(List<string> skipped)
    {
        // The columns are NOT NULL, so every row is usable; skipped stays empty (SQLite's untyped rows are the reason it exists).
        var users = new List<StoredUser>();
        using NpgsqlCommand command = _dataSource.CreateCommand("SELECT name, key_hash FROM users");
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            users.Add(new StoredUser(reader.GetString(0), reader.GetString(1)));
        }

        return users;
    }

    // No gate: each command takes its own pooled connection from the data source.
    public void SaveUser(string name, string keyHash) => WriteUser("ON CONFLICT (name) DO UPDATE SET key_hash = @hash", name, keyHash);

    public bool AddUser(string name, string keyHash) => WriteUser("ON CONFLICT (name) DO NOTHING", name, keyHash);

    private bool WriteUser(string onConflict, string name, string keyHash)
    {
        using NpgsqlCommand command = _dataSource.CreateCommand($"INSERT INTO users (name, key_hash) VALUES (@name, @hash) {onConflict}");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("hash", keyHash);
        return command.ExecuteNonQuery() == 1;
    }

    public List<PlotRow> ReadPlotRows()
    {
        var rows = new List<PlotRow>();
        using NpgsqlCommand command = _dataSource.CreateCommand($"SELECT {RowColumns} FROM plots ORDER BY owner, number");
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(RowOf(reader));
        }

        return rows;
    }

    public PlotRow? ReadPlotRow(string owner, int number)
    {
        using NpgsqlCommand command = _dataSource.CreateCommand($"SELECT {RowColumns} FROM plots WHERE owner = @owner AND number = @number");
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("number", number);
        using NpgsqlDataReader reader = command.ExecuteReader();
        return reader.Read() ? RowOf(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<bool> IsDeletedAsync(string owner, int number, CancellationToken cancellationToken)
    {
        // The marker only, not the figure ReadPlotRow would bring.
        await using NpgsqlCommand command = _dataSource.CreateCommand("SELECT deleted_at IS NOT NULL FROM plots WHERE owner = @owner AND number = @number");
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("number", number);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private const string RowColumns = "id, owner, number, filename, data_json, layout_json, version, deleted_at IS NOT NULL";

    // Numbers as long, as SQLite gives every integer: PlotLoader checks the row in those terms.
    private static PlotRow RowOf(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetBoolean(7));

    /// <summary>Each stored plot's owner, number, the version of its whole copy and whether its owner deleted it (cluster mode:
    /// a node back from Redis looks for the plots stored or deleted while it heard nothing).</summary>
    public List<(string Owner, int Number, long Version, bool Deleted)> PlotVersions()
    {
        var versions = new List<(string, int, long, bool)>();
        using NpgsqlCommand command = _dataSource.CreateCommand("SELECT owner, number, version, deleted_at IS NOT NULL FROM plots");
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetBoolean(3)));
        }

        return versions;
    }

    /// <summary>The newest version stored of a plot, whole or appended (cluster mode: a node that takes over building it
    /// goes on above it); 0 when none.</summary>
    public long LatestVersion(string owner, int number)
    {
        using NpgsqlCommand command = _dataSource.CreateCommand(
            "SELECT GREATEST((SELECT MAX(version) FROM plots WHERE owner = @owner AND number = @number), "
            + "(SELECT MAX(version) FROM plot_appends WHERE owner = @owner AND number = @number))");
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("number", number);
        return command.ExecuteScalar() is long version ? version : 0;
    }

    /// <summary>Cluster mode: the number of the owner's next new plot, given once by whichever node asks: at least
    /// <paramref name="atLeast"/> (what that node knows is taken, a quarantined plot's number too) and above every stored
    /// plot of the owner. One statement: nodes asking at once get one number each.</summary>
    public async Task<int> ReservePlotNumberAsync(string owner, int atLeast)
    {
        await using NpgsqlCommand command = _dataSource.CreateCommand("""
            INSERT INTO plot_numbers AS p (owner, next)
                VALUES ($1, GREATEST($2, (SELECT COALESCE(MAX(number) + 1, 0) FROM plots WHERE owner = $1)) + 1)
            ON CONFLICT (owner) DO UPDATE SET next = GREATEST(p.next, excluded.next - 1) + 1
            RETURNING next - 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = atLeast });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Cluster mode, /clientresp, in one transaction: stores a new plot (<paramref name="created"/>, else null) with a
    /// plain INSERT, so a row already there under its number is found, not overwritten; and takes each token out of its
    /// plot's stored row, as <paramref name="withoutToken"/> rewrites the row's data_json (null: the row does not have it).
    /// Those rows keep their versions, so the objects streamed into them after that copy still apply; a builder saving a
    /// row meanwhile waits for its lock. Returns each of those plots' row version as read under that lock (0 when it has no
    /// row): the copy the tokens were taken out of, which an overwrite numbered after this commits is numbered a gap above
    /// (one numbered before and stored after lands a few versions short of that: ClusterNode.OverwrittenFrom). Returns
    /// null, changing nothing, when the new plot's number is taken.</summary>
    public async Task<IReadOnlyDictionary<(string Owner, int Number), long>?> StoreAsync(StoredPlot? created, IReadOnlyList<(string Owner, int Number, string Token)> tokens, Func<string, string, string?> withoutToken)
    {
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync();
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        if (created is not null)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO plots (owner, number, filename, data_json, layout_json, version) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (owner, number) DO NOTHING
                """, connection, transaction);
            foreach (object value in new object[] { created.Owner, created.Number, created.Filename, created.DataJson, created.LayoutJson, created.Version })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                await transaction.RollbackAsync();
                return null;
            }
        }

        var versions = new Dictionary<(string Owner, int Number), long>();

        // Rows locked in LockOrder, as a save pass locks the rows it writes: this and a save pass (of any node), or two of
        // these, wait for one another instead of deadlocking over the rows of the plots the tokens leave.
        foreach ((string owner, int number, string token) in LockOrder(tokens, t => (t.Owner, t.Number)))
        {
            string? data = null;
            versions[(owner, number)] = 0;
            await using (var select = new NpgsqlCommand("SELECT data_json, version FROM plots WHERE owner = @owner AND number = @number FOR UPDATE", connection, transaction))
            {
                select.Parameters.AddWithValue("owner", owner);
                select.Parameters.AddWithValue("number", number);
                await using NpgsqlDataReader reader = await select.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    data = reader.GetString(0);
                    versions[(owner, number)] = reader.GetInt64(1); // locked: the update keeps it, and no save changes it before the commit
                }
            }

            if (data is null || withoutToken(data, token) is not string changed)
            {
                continue;
            }

            await using var update = new NpgsqlCommand("UPDATE plots SET data_json = @data WHERE owner = @owner AND number = @number", connection, transaction);
            update.Parameters.AddWithValue("data", changed);
            update.Parameters.AddWithValue("owner", owner);
            update.Parameters.AddWithValue("number", number);
            await update.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return versions;
    }

    // The one order in which a transaction takes the locks of several plots' rows (StoreAsync's FOR UPDATE, SaveAsync's
    // upserts): two transactions that both take them in it wait for one another, where taken in any order they could each
    // hold a row the other waits for, and PostgreSQL aborted one (a detach that lost left its tokens moved in memory only).
    private static IEnumerable<T> LockOrder<T>(IEnumerable<T> rows, Func<T, (string Owner, int Number)> key) =>
        rows.OrderBy(row => key(row).Owner, StringComparer.Ordinal).ThenBy(row => key(row).Number);

    /// <summary>The share-link secret every node of a cluster uses: the first node stores <paramref name="candidate"/>, the
    /// others read it, so /p/ID links are the same on every node (Viewer/ShareLinks.cs).</summary>
    public byte[] SharedSecret(string name, byte[] candidate)
    {
        using (NpgsqlCommand insert = _dataSource.CreateCommand("INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING"))
        {
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("value", candidate);
            insert.ExecuteNonQuery();
        }

        using NpgsqlCommand select = _dataSource.CreateCommand("SELECT value FROM secrets WHERE name = @name");
        select.Parameters.AddWithValue("name", name);
        return (byte[])select.ExecuteScalar()!;
    }

    public List<(long Version, StoredAppend? Append, string? Problem)> ReadAppends(string owner, int number, long afterVersion)
    {
        var appends = new List<(long, StoredAppend?, string?)>();
        using NpgsqlCommand command = _dataSource.CreateCommand("SELECT version, traces_json, object_json FROM plot_appends WHERE owner = @owner AND number = @number AND version > @version ORDER BY version");
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("version", afterVersion);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            appends.Add((reader.GetInt64(0), new StoredAppend(owner, number, reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), null));
        }

        return appends;
    }

    public void QuarantinePlot(long rowId, string reason)
    {
        Execute("""
            INSERT INTO quarantined_appends (owner, number, version, traces_json, object_json, reason, quarantined_at)
                SELECT a.owner, a.number, a.version, a.traces_json, a.object_json, 'its plot was quarantined', now()
                FROM plot_appends a JOIN plots p ON a.owner = p.owner AND a.number = p.number WHERE p.id = @id;
            DELETE FROM plot_appends a USING plots p WHERE a.owner = p.owner AND a.number = p.number AND p.id = @id;
            INSERT INTO quarantined_plots (owner, number, filename, data_json, layout_json, version, reason, quarantined_at)
                SELECT owner, number, filename, data_json, layout_json, version, @reason, now() FROM plots WHERE id = @id;
            DELETE FROM plots WHERE id = @id;
            """, ("id", rowId), ("reason", reason));
    }

    public void QuarantineAppend(string owner, int number, long version, string reason)
    {
        Execute("""
            INSERT INTO quarantined_appends (owner, number, version, traces_json, object_json, reason, quarantined_at)
                SELECT owner, number, version, traces_json, object_json, @reason, now() FROM plot_appends
                WHERE owner = @owner AND number = @number AND version = @version;
            DELETE FROM plot_appends WHERE owner = @owner AND number = @number AND version = @version;
            """, ("owner", owner), ("number", number), ("version", version), ("reason", reason));
    }

    public async Task SaveAsync(IReadOnlyCollection<StoredPlot> plots, IReadOnlyCollection<StoredAppend> appends, CancellationToken cancellationToken = default)
    {
        if (plots.Count == 0 && appends.Count == 0)
        {
            return;
        }

        // One batch: every statement goes to the server in one round trip, and one transaction holds them all.
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (StoredPlot plot in LockOrder(plots, plot => (plot.Owner, plot.Number))) // each upsert locks the plot's row
        {
            batch.BatchCommands.Add(Statement("""
                INSERT INTO plots (owner, number, filename, data_json, layout_json, version) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (owner, number) DO UPDATE SET filename = $3, data_json = $4, layout_json = $5, version = $6
                    WHERE excluded.version >= plots.version AND plots.deleted_at IS NULL
                """, plot.Owner, plot.Number, plot.Filename, plot.DataJson, plot.LayoutJson, plot.Version));
            batch.BatchCommands.Add(Statement("""
                DELETE FROM plot_appends WHERE owner = $1 AND number = $2
                    AND version <= (SELECT version FROM plots WHERE owner = $1 AND number = $2)
                """, plot.Owner, plot.Number));
        }

        // One statement per plot, its objects as three arrays: a statement per object cost PostgreSQL as much CPU as the
        // nodes themselves under load (the cluster benchmark), and Npgsql a parameter set per object.
        foreach (IGrouping<(string Owner, int Number), StoredAppend> plot in appends.GroupBy(append => (append.Owner, append.Number)))
        {
            batch.BatchCommands.Add(Statement("""
                INSERT INTO plot_appends (owner, number, version, traces_json, object_json)
                SELECT $1, $2, a.version, a.traces_json, a.object_json
                FROM unnest($3::bigint[], $4::text[], $5::text[]) AS a(version, traces_json, object_json)
                WHERE a.version > COALESCE((SELECT version FROM plots WHERE owner = $1 AND number = $2), -1)
                    AND NOT EXISTS (SELECT 1 FROM plots WHERE owner = $1 AND number = $2 AND deleted_at IS NOT NULL)
                ON CONFLICT DO NOTHING
                """, plot.Key.Owner, plot.Key.Number, plot.Select(append => append.Version).ToArray(),
                plot.Select(append => append.TracesJson).ToArray(), plot.Select(append => append.ObjectJson).ToArray()));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // The upsert's condition is checked on the row as it is when the save gets its lock, so a save that waited for the
    // delete's lock finds the plot deleted. A save of streamed objects reads the row as it was when its statement began:
    // objects that race the delete can stay behind, unread (only a plot that is not deleted has its objects read).
    public async Task DeletePlotAsync(string owner, int number, string filename, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Statement("""
            INSERT INTO plots (owner, number, filename, data_json, layout_json, deleted_at) VALUES ($1, $2, $3, '[]', '{}', now())
            ON CONFLICT (owner, number) DO UPDATE SET data_json = '[]', layout_json = '{}', deleted_at = now() WHERE plots.deleted_at IS NULL
            """, owner, number, filename));
        batch.BatchCommands.Add(Statement("DELETE FROM plot_appends WHERE owner = $1 AND number = $2", owner, number));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One round trip (a connection from the pool, or a new one within the connect timeout).</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Dispose() => _dataSource.Dispose();

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using NpgsqlConnection connection = _dataSource.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach ((string name, object value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
