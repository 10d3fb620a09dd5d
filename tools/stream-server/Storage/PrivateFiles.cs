namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The data folder and database hold the plots and key hashes: readable by the server's user only
/// (folder 0700, files 0600). SQLite gives its -wal and -shm files the database's mode.</summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder 0700, or makes an existing one 0700.</summary>
    public static void CreateOrRestrictFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>Creates an empty file 0600 (SQLite fills it), or makes an existing one, and its -wal and -shm, 0600.</summary>
    public static void CreateOrRestrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }

        foreach (string file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, FileMode);
        }
    }
}
