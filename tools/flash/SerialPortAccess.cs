using System.Runtime.InteropServices;

namespace HeartRateStreamer.Flash;

/// <summary>
/// Whether this user may open a serial port, asked before anything runs. On Linux a USB serial adapter's port is
/// root's and its group's (crw-rw----: dialout on Debian, Ubuntu and Fedora, uucp on Arch), and a new user is in
/// neither: unchecked, the run installed nanoff and then failed at its first step with esptool's "Permission denied",
/// under advice that named dialout whatever the group was. access(2) asks the system without opening the port, which
/// would change its control lines and reset many boards.
/// </summary>
internal static partial class SerialPortAccess
{
    private const int ReadAndWrite = 0x4 | 0x2; // R_OK | W_OK (unistd.h)
    private const int PermissionDenied = 13;    // EACCES, on Linux and macOS alike

    /// <summary>Why this user may not open <paramref name="port"/>, with what to do, or null when it may or when that
    /// cannot be told (Windows, whose COM ports have no such modes; a C library without access).</summary>
    public static string? Problem(string port)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            if (Access(port, ReadAndWrite) == 0 || Marshal.GetLastPInvokeError() != PermissionDenied)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        // Which group: `stat` names it in the command itself, so the advice is right on every distribution.
        // macOS has no usermod: its directory service adds a user to a group (dseditgroup).
        string addToGroup = OperatingSystem.IsLinux() ? $"sudo usermod -aG \"$(stat -c %G {port})\" $USER"
            : $"sudo dseditgroup -o edit -a $USER -t user \"$(stat -f %Sg {port})\"";
        return $"your user may not open the serial port {port} (see ls -l {port}): a serial port belongs to a group (dialout on Debian, Ubuntu and Fedora, "
            + $"uucp on Arch). Add your user to it, {addToGroup}, then log out and in again: a group added to a user reaches only "
            + "the sessions started after it.";
    }

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
