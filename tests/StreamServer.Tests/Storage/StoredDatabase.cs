using HeartRateStreamer.StreamServer.Hosting;
using Microsoft.Data.Sqlite;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>The test's own look into a stopped (or running) server's SQLite file: to damage it the ways the issue
/// lists, and to see what the server wrote.</summary>
public static class StoredDatabase
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, StreamServerHost.DatabaseFileName);

    public static void Execute(string dataDirectory, string sql)
    {
        using SqliteConnection connection = Open(dataDirectory);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(string dataDirectory, string sql)
    {
        using SqliteConnection connection = Open(dataDirectory);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Takes the file's write lock (BEGIN IMMEDIATE), as an sqlite3 shell can, until the connection is disposed:
    /// the server's saves wait for it (up to SQLite's busy timeout), which holds a request in its save.</summary>
    public static SqliteConnection HoldWriteLock(string dataDirectory)
    {
        SqliteConnection connection = Open(dataDirectory);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static SqliteConnection Open(string dataDirectory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathIn(dataDirectory), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
