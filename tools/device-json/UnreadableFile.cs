namespace HeartRateStreamer.Configuration;

/// <summary>
/// What the PC tools say of a file or folder the user named that their user may not read (its mode, its owner): the
/// flash tool and the virtual device alike, for device.json, the CA file it names, and the virtual device's recordings.
/// Each starts with the name as the user gave it and says what to check and change.
/// </summary>
public static class UnreadableFile
{
    /// <summary>
    /// "<paramref name="shown"/> could not be read (.NET's reason): your user may not read it; ..." with the commands to
    /// look and to fix (<paramref name="path"/>: the path they take, by default <paramref name="shown"/>).
    /// </summary>
    public static string Problem(string shown, UnauthorizedAccessException exception, string? path = null)
    {
        path ??= shown;
        return $"{shown} could not be read ({exception.Message.TrimEnd('.')}): your user may not read it; on Linux and macOS see ls -l {path}, and chmod u+r {path} if it is yours.";
    }

    /// <summary>
    /// A folder its user may list but not enter (read without execute): its names show, yet every file in it reads as
    /// missing. "<paramref name="shown"/> could not be entered: ..." with the commands to look and to fix.
    /// </summary>
    public static string FolderNotEntered(string shown)
        => $"{shown} could not be entered: your user may list it but not open what is in it; on Linux and macOS see ls -ld {shown}, and chmod u+x {shown} if it is yours.";

    /// <summary>The same for a folder to list: "<paramref name="shown"/> could not be listed (...): your user may not read it; ...".</summary>
    public static string FolderProblem(string shown, UnauthorizedAccessException exception)
        => $"{shown} could not be listed ({exception.Message.TrimEnd('.')}): your user may not read it; on Linux and macOS see ls -ld {shown}, and chmod u+rx {shown} if it is yours.";
}
