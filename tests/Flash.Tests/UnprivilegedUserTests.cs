using System.Diagnostics;
using System.Runtime.Versioning;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// UnprivilegedUser, which the tests of what only another user meets rely on: a run started through PATH's dotnet
/// (no DOTNET_ROOT) is made by it too, and a folder nobody cannot use is named before the run, not met as
/// "Permission denied" inside it.
/// </summary>
public class UnprivilegedUserTests
{
    // Before, Run read start.Environment["DOTNET_ROOT"], which throws KeyNotFoundException where it is not set (as root).
    // The device.json of mode 000 shows the run was not root's: root would read it.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void ARunThroughPathsDotnetWithoutDotnetRootIsMadeByTheUnprivilegedUser()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string config = files.OwnConfiguration();
        ProcessStartInfo start = FlashTool.Program(Path.Combine(repository.Build, "HeartRateStreamer.Flash.dll"));
        start.Environment.Remove("DOTNET_ROOT");
        UnprivilegedUser.Own(repository.Root, files.Folder);
        File.SetUnixFileMode(config, UnixFileMode.None);

        ToolResult result = FlashTool.RunToEnd(UnprivilegedUser.Run(start), files.Folder, ["--dry-run", "--port", "/dev/ttyUSB0", "--config", "device.json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"flash: device.json could not be read (Access to the path '{config}' is denied): your user may not read it;", result.Errors);
    }

    // Before, only the folders above a path were checked: a .NET folder of mode 700 under open ones passed.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void AFolderClosedToOtherUsersIsNamedAsItIsAndAsAFolderAbove()
    {
        Assert.True(OperatingSystem.IsLinux(), "modes are read as Unix's");
        using var files = new TemporaryFiles();
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode Open = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        const UnixFileMode Listed = UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(files.Folder, Open);
        string closed = Directory.CreateDirectory(Path.Combine(files.Folder, "closed"), Private).FullName;
        string passable = Directory.CreateDirectory(Path.Combine(files.Folder, "passable"), Private | UnixFileMode.OtherExecute).FullName;
        string open = Directory.CreateDirectory(Path.Combine(files.Folder, "open"), Open).FullName;

        var itself = Assert.Throws<InvalidOperationException>(() => UnprivilegedUser.RequireReachable(closed, Listed));
        Assert.StartsWith($"{closed} is closed to other users (it needs o+rx)", itself.Message);
        var unread = Assert.Throws<InvalidOperationException>(() => UnprivilegedUser.RequireReachable(passable, Listed));
        Assert.StartsWith($"{passable} is closed to other users (it needs o+rx)", unread.Message);
        UnprivilegedUser.RequireReachable(passable, UnixFileMode.OtherExecute);
        UnprivilegedUser.RequireReachable(open, Listed);
        var above = Assert.Throws<InvalidOperationException>(() => UnprivilegedUser.RequireReachable(Path.Combine(closed, "dotnet"), UnixFileMode.None));
        Assert.StartsWith($"{closed} is closed to other users (no o+x)", above.Message);
    }
}
