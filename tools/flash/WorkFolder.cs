using System.Runtime.ExceptionServices;
using System.Text;

namespace HeartRateStreamer.Flash;

/// <summary>
/// The private temporary folder (700 on Unix) holding the files nanoff reads, with the Wi-Fi password and the API key:
/// made by a real run, deleted when it ends. A run killed outright (kill -9, a power cut) cannot delete it, so each run
/// first removes the folders of this user's earlier runs that no longer run, and names those of versions before the lock. A run holds its folder's lock file open
/// with an exclusive lock until it ends; the system lets go of it when the process ends, however it ends, so a lock
/// that can be taken marks a run that did not finish.
/// </summary>
internal sealed class WorkFolder
{
    private const string Prefix = "heartrate-flash-";
    private const string LockName = "lock";
    private const string UnnamedLockName = LockName + ".new"; // the lock file until it is locked (Lock)

    // A lock holds a user name: one longer than this is no lock of ours, and is not read whole.
    private const int LongestLockText = 256;

    // Which user's run made a folder, written in its lock: on Windows, where each user has a temporary folder of their own,
    // it is the check; on Linux the folder's and the lock's owner are read too, since anyone may write any name.
    private static readonly string s_owner = Environment.UserName;

    private readonly FileStream _lock;

    private WorkFolder(DirectoryInfo folder, FileStream held)
    {
        Folder = folder;
        _lock = held;
    }

    public DirectoryInfo Folder { get; }

    /// <summary>Run by <see cref="Delete"/> once this run's lock is deleted, before it is let go of: a test's way into that instant.</summary>
    internal Action? LockDeleted { get; set; }

    /// <summary>
    /// Makes this run's folder and locks it, then removes the folders of earlier runs that did not finish, naming each
    /// on <paramref name="output"/>; one that cannot be removed, and one of a version before the lock, becomes a line of
    /// <paramref name="warnings"/>.
    /// </summary>
    /// <exception cref="FlashException">The temporary folder cannot take this run's (exit code 2): TMPDIR is the person's to fix.</exception>
    public static WorkFolder Create(TextWriter output, List<string> warnings)
    {
        WorkFolder created;
        DirectoryInfo? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory(Prefix);
            created = new WorkFolder(folder, Lock(folder.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteUnlocked(folder); // no lock: no later run would remove it
            throw new FlashException(ExitCodes.InvalidConfiguration,
                $"the temporary folder {Path.GetTempPath()} cannot take the files nanoff reads ({e.Message.TrimEnd('.')}): point TMPDIR (TMP or TEMP on Windows) at a folder "
                + "that exists and you may write to, or unset it to use the system's. Nothing was written to the board.");
        }

        // Where the system does not enforce the lock (a file system without flock, DOTNET_SYSTEM_IO_DISABLEFILELOCKING),
        // this run's own folder would look unfinished, and so would every live run's: then nothing is removed.
        if (!IsUnfinishedRunOfThisUser(created.Folder.FullName))
        {
            RemoveUnfinishedRuns(created.Folder.FullName, output, warnings);
        }

        return created;
    }

    /// <summary>
    /// Deletes the folder and lets go of its lock. Never throws: a folder that cannot be deleted must not hide why the run
    /// stopped. Returns null, or the warning that names the folder to delete by hand.
    /// </summary>
    public string? Delete()
    {
        try
        {
            DeleteLockLast(Folder.FullName, _lock, LockDeleted);
            return null;
        }
        catch (DirectoryNotFoundException) when (!Directory.Exists(Folder.FullName))
        {
            // A run starting now found it unlocked and removed it.
            return null;
        }
        catch (Exception e) // any: DeleteLockLast
        {
            return LeftBehind(Folder.FullName, "this run's temporary folder", e);
        }
    }

    /// <summary>
    /// Deletes <paramref name="folder"/>: everything but the lock first, each on its own, so one entry that cannot go keeps
    /// no other file with a secret; then, when all went, the lock and the folder. A folder left behind keeps its lock, so
    /// a later run finds an unfinished run's folder (unlocked once its run ends) and tries again, where .NET's recursive
    /// delete would take the lock with everything else it could and leave a folder that looks made before the lock.
    /// <paramref name="held"/>, this run's own open lock, is let go of after the lock goes: a run starting in between would
    /// find this finished run's lock free and remove its folder as unfinished. Windows deletes it while held too, since
    /// <see cref="Lock"/> opens it with FileShare.Delete (at once, or pending until it is let go of: no run opens it then).
    /// Throws the first failure, of any type: .NET's recursive delete of a folder whose paths are longer than the system
    /// takes throws ArgumentException ("The value cannot be an empty string").
    /// </summary>
    private static void DeleteLockLast(string folder, FileStream? held, Action? lockDeleted = null)
    {
        Exception? first = null;
        try
        {
            foreach (FileSystemInfo entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                try
                {
                    if (entry.Name == LockName)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo subfolder)
                    {
                        subfolder.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
                catch (Exception e) // any, as said above
                {
                    first ??= e;
                }
            }
        }
        catch (Exception e) // any, as said above
        {
            first ??= e;
        }

        if (first != null)
        {
            held?.Dispose();
            ExceptionDispatchInfo.Throw(first);
        }

        try
        {
            File.Delete(Path.Combine(folder, LockName));
            lockDeleted?.Invoke();
        }
        finally
        {
            held?.Dispose();
        }

        Directory.Delete(folder);
    }

    // .NET takes its lock (flock on Unix) just after opening the file, so the file is locked under another name and then
    // renamed: no other run ever opens "lock" unlocked. Windows' share modes hold from the open itself, and it renames an
    // open file only when it was opened with FileShare.Delete, which still keeps every reader out.
    private static FileStream Lock(string folder)
    {
        string unnamed = Path.Combine(folder, UnnamedLockName);
        var held = new FileStream(unnamed, FileMode.CreateNew, FileAccess.ReadWrite, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None);
        try
        {
            held.Write(Encoding.UTF8.GetBytes(s_owner));
            held.Flush();
            File.Move(unnamed, Path.Combine(folder, LockName));
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private static void RemoveUnfinishedRuns(string own, TextWriter output, List<string> warnings)
    {
        string temporary = Path.GetDirectoryName(own)!;
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(temporary, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder this user may write to but not list (mode 300): this run goes on.
            warnings.Add($"the temporary folder {temporary} could not be searched for the folders of earlier runs that did not finish ({e.Message.TrimEnd('.')}); "
                + $"any such folder ({Prefix}*) may still hold a Wi-Fi password: look for them and delete them by hand.");
            return;
        }

        foreach (string folder in folders)
        {
            if (folder == own)
            {
                continue;
            }

            if (IsFolderOfAVersionBeforeTheLock(folder))
            {
                warnings.Add($"the temporary folder {folder} was made by a version of this tool before runs locked their folders, and may still hold a Wi-Fi "
                    + "password; whether its run still goes on cannot be told (such a run has no time limit), so it is left: once no run of an older "
                    + "version is under way, delete it by hand " + DeleteCommand(folder));
                continue;
            }

            if (!IsUnfinishedRunOfThisUser(folder))
            {
                continue;
            }

            try
            {
                DeleteLockLast(folder, held: null);
                output.WriteLine("removed the temporary folder of an earlier run that did not finish: " + folder);
            }
            catch (DirectoryNotFoundException) when (!Directory.Exists(folder))
            {
                // Another run starting now removed it.
            }
            catch (Exception e) // any (DeleteLockLast): a folder left behind is a warning, never the end of the run
            {
                warnings.Add(LeftBehind(folder, "the temporary folder of an earlier run that did not finish", e));
            }
        }
    }

    // A private folder of this user's with entries but neither a lock nor the file that becomes one (Lock): made by a
    // version before the lock. Its run may be alive, waiting on nanoff, which has no time limit, and its folder's age
    // cannot tell (it writes every file before its first command), so it is only named, never removed. An empty one
    // holds no secret and is not named: it is also a run of this version in the instant before it makes its lock file,
    // or at the end of DeleteLockLast, between the lock and the folder. Read from one listing: a run of this version
    // renames lock.new to lock while its folder holds nothing else, and a look for each name on its own could miss the
    // file under both (lock before the rename, lock.new after it) and then find the folder not empty.
    private static bool IsFolderOfAVersionBeforeTheLock(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows() ? new DirectoryInfo(folder).LinkTarget != null : !OwnUnixEntry.IsOwnPrivateFolder(folder))
            {
                return false;
            }

            bool holdsAnything = false;
            foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
            {
                string name = Path.GetFileName(entry);
                if (name == LockName || name == UnnamedLockName)
                {
                    return false;
                }

                holdsAnything = true;
            }

            return holdsAnything;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // False for a live run's folder (its lock is held), one without a lock (a run of this version before it makes its
    // lock, empty and not named; a version before the lock, named by IsFolderOfAVersionBeforeTheLock), another user's and
    // a link. On Unix only Linux can tell another user's: there the folder must be this user's own and private and its
    // lock this user's own regular file, since anyone may leave a folder of this name with any name in its lock, or a lock
    // that is a FIFO (whose opening waits for a writer: every run would hang) or a link to /dev/zero (read forever).
    // Elsewhere on Unix nothing is removed.
    private static bool IsUnfinishedRunOfThisUser(string folder)
    {
        string lockFile = Path.Combine(folder, LockName);
        try
        {
            if (OperatingSystem.IsWindows()
                ? new DirectoryInfo(folder).LinkTarget != null || new FileInfo(lockFile).LinkTarget != null
                : !OwnUnixEntry.IsOwnPrivateFolder(folder) || !OwnUnixEntry.IsOwnRegularFile(lockFile))
            {
                return false;
            }

            using var taken = new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.None);
            var text = new char[LongestLockText + 1];
            using var reader = new StreamReader(taken, Encoding.UTF8);
            int read = reader.ReadBlock(text, 0, text.Length);
            return new string(text, 0, read) == s_owner;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void DeleteUnlocked(DirectoryInfo? folder)
    {
        try
        {
            folder?.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary folder refuses this run already; its error says what to fix.
        }
    }

    private static string LeftBehind(string folder, string what, Exception e) =>
        $"{what} {folder} could not be deleted ({e.Message.TrimEnd('.')}); it may still hold the Wi-Fi password and the API key: delete it by hand "
        + DeleteCommand(folder);

    private static string DeleteCommand(string folder) => OperatingSystem.IsWindows() ? $"(rmdir /s /q \"{folder}\")." : $"(rm -rf '{folder}').";
}
