using System.Security.Cryptography;
using HeartRateStreamer.StreamServer.Storage;
using Microsoft.Data.Sqlite;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>Opens what lives in the data folder, turning each way it can be unusable into a
/// <see cref="StartupException"/> with one line that names the path and says what to do.</summary>
public static class DataFolder
{
    /// <summary>Creates the folder (0700) or checks the existing one.</summary>
    public static void Prepare(string path)
    {
        if (File.Exists(path))
        {
            throw new StartupException(ExitCodes.DataFolderUnusable, $"The data folder {path} is a file, not a folder: move that file away or give another folder with --data.");
        }

        try
        {
            PrivateFiles.CreateOrRestrictFolder(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ExitCodes.DataFolderUnusable, $"The data folder {path} cannot be created or used ({OneLine(exception.Message)}): give a folder this user may write with --data.", exception);
        }
    }

    public const string LockFileName = "stream-server.lock";

    /// <summary>Held open (exclusively: flock on Unix) while the server runs: two servers on one data folder would both
    /// write the same plots (SQLite's WAL lets them), each overwriting the other's.</summary>
    public static FileStream Lock(string path)
    {
        string lockPath = Path.Combine(path, LockFileName);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFiles.FileMode;
        }

        try
        {
            return new FileStream(lockPath, options);
        }
        catch (IOException exception)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The data folder {path} is in use by another stream server ({lockPath} is locked): stop that server or give another folder with --data.", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new StartupException(ExitCodes.DataFolderUnusable, $"The data folder {path} cannot be written ({OneLine(exception.Message)}): give a folder this user may write with --data.", exception);
        }
    }

    public static SqliteStore OpenStore(string databasePath)
    {
        const string MoveAside = "move it aside to start with an empty database (users given with --user are created again) or restore a backup";
        try
        {
            return new SqliteStore(databasePath);
        }
        catch (DatabaseDamagedException exception)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The database {databasePath} is damaged ({OneLine(exception.Problem)}): {MoveAside}; `sqlite3 FILE .recover` may save its rows.", exception);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 26)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The database {databasePath} is not an SQLite database (bad header): {MoveAside}.", exception);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 11)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The database {databasePath} is damaged ({OneLine(exception.Message)}): {MoveAside}; `sqlite3 FILE .recover` may save its rows.", exception);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 5 or 6)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The database {databasePath} is in use by another process: stop the other stream server that uses this --data folder, or give another folder.", exception);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The database {databasePath} cannot be opened ({OneLine(exception.Message)}): check that this user may read and write it and its folder.", exception);
        }
    }

    public static PostgresStore OpenPostgres(string address)
    {
        PostgresAddress postgres = PostgresAddress.Parse(address);
        try
        {
            return new PostgresStore(postgres.ConnectionString);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException)
        {
            throw new StartupException(ExitCodes.DatabaseUnusable, $"The PostgreSQL database {postgres.Shown} cannot be used ({OneLine(exception.Message)}): "
                + "check that the server runs, that the database exists and that the user may create tables in it (the password comes from the URL, PGPASSWORD or ~/.pgpass).", exception);
        }
    }

    public static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate(string dataDirectory, out string pemPath)
    {
        try
        {
            return LoopbackCertificate.LoadOrCreate(dataDirectory, out pemPath);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ExitCodes.DataFolderUnusable, $"The certificate {Path.Combine(dataDirectory, LoopbackCertificate.PfxFileName)} cannot be read or written ({OneLine(exception.Message)}): delete it and its .pem to have a new one made.", exception);
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
