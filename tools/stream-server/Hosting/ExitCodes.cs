namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The command line's exit codes, distinct per cause, so a supervisor can tell a fault that a restart
/// cannot fix (2, 3) from one it may (1; 4, which an unreachable PostgreSQL gives too) and stop restarting
/// (deploy/systemd/stream-server.service: RestartPreventExitStatus=2 3).</summary>
public static class ExitCodes
{
    /// <summary>Stopped by Ctrl+C or SIGTERM after a clean stop, or --help.</summary>
    public const int Ok = 0;

    /// <summary>A listen address could not be bound (port in use, address not on this machine).</summary>
    public const int CannotListen = 1;

    /// <summary>The command line is wrong (the usage follows), or a file or setting it names is (a --users-file, appsettings.json, the environment: the message alone).</summary>
    public const int Usage = 2;

    /// <summary>The data folder cannot be used: it is a file, or cannot be created, read or written; or its certificate is unreadable.</summary>
    public const int DataFolderUnusable = 3;

    /// <summary>The database file is not an SQLite database, is damaged, in use by another process, or cannot be opened.</summary>
    public const int DatabaseUnusable = 4;

    /// <summary>Any other failure while starting (a bug: the message says what failed).</summary>
    public const int StartFailed = 5;
}
