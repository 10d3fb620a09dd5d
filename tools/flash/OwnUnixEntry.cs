using System.Runtime.InteropServices;

namespace HeartRateStreamer.Flash;

/// <summary>
/// Whether a path is this user's own private folder or own regular file, as Linux's statx reads it without following a
/// link. .NET tells neither who owns a path nor whether a file is a FIFO, and both matter before a run removes a folder
/// it did not make: another user may leave anything in the shared temporary folder. statx's record has one layout on
/// every architecture (man 2 statx, linux/stat.h), where stat's differs between them. Where statx is missing (macOS) the
/// answer is false: a folder whose owner cannot be read is not removed.
/// </summary>
internal static partial class OwnUnixEntry
{
    private const int AtFdCwd = -100;            // relative paths from the working folder (linux/fcntl.h)
    private const int AtSymlinkNoFollow = 0x100; // a link itself, never what it names
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8; // the fields asked for (stx_mask)
    private const int RecordBytes = 256;         // sizeof(struct statx)
    private const int MaskOffset = 0, UidOffset = 20, ModeOffset = 28; // stx_mask (u32), stx_uid (u32), stx_mode (u16)
    private const int TypeBits = 0xF000, FolderType = 0x4000, RegularFileType = 0x8000; // S_IFMT, S_IFDIR, S_IFREG
    private const int PermissionBits = 0xFFF;    // permissions with setuid, setgid and sticky
    private const int OwnerOnly = 0x1C0;         // 700: what Directory.CreateTempSubdirectory makes

    /// <summary>A folder (not a link) that this user owns and only this user may enter (700).</summary>
    public static bool IsOwnPrivateFolder(string path) =>
        Read(path, out int owner, out int mode) && owner == Euid() && (mode & TypeBits) == FolderType && (mode & PermissionBits) == OwnerOnly;

    /// <summary>A regular file (not a link, FIFO or device) that this user owns.</summary>
    public static bool IsOwnRegularFile(string path) =>
        Read(path, out int owner, out int mode) && owner == Euid() && (mode & TypeBits) == RegularFileType;

    private static bool Read(string path, out int owner, out int mode)
    {
        owner = -1;
        mode = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var record = new byte[RecordBytes];
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, record) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than statx (glibc before 2.28)
        }

        // A file system may leave out a field it does not have (stx_mask says which it filled): then nothing is known.
        const uint Needed = StatxType | StatxMode | StatxUid;
        if ((BitConverter.ToUInt32(record, MaskOffset) & Needed) != Needed)
        {
            return false;
        }

        owner = BitConverter.ToInt32(record, UidOffset);
        mode = BitConverter.ToUInt16(record, ModeOffset);
        return true;
    }

    private static int Euid() => (int)GetEuid();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] record);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
