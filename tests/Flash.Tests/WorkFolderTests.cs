using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// The private temporary folder holding the Wi-Fi password (tools/flash/WorkFolder.cs). A run killed outright (kill -9,
/// a power cut) cannot delete it: the next run removes it, and says so, but never a live run's folder or another
/// user's. A folder that cannot be deleted is a warning after the run's own error, which keeps its exit code.
/// </summary>
public sealed class WorkFolderTests : IDisposable
{
    private readonly TemporaryFiles _files = new();
    private readonly RepositoryCopy _repository = new();

    // The runs' TMPDIR, where each makes its folder, and a run's arguments: up to step 2, where nanoff fails or hangs.
    private readonly string _temporary;
    private readonly string[] _arguments;

    public WorkFolderTests()
    {
        _temporary = Directory.CreateDirectory(Path.Combine(_files.Folder, "tmp")).FullName;
        _arguments = ["--port", _files.Write("ttyUSB0", ""), "--config", _files.OwnConfiguration(), "--image", _files.FreshImage(), "--skip-firmware"];
    }

    // Mode 700: a run's folder as WorkFolder makes it (Directory.CreateTempSubdirectory), the only kind it may remove.
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Without NANOFF_STARTED nanoff fails at once (exit code 4 at step 2); with it, it writes its process id there and hangs.
    private const string HangingOrFailingNanoff = """
        if [ -n "$NANOFF_STARTED" ]; then echo $$ > "$NANOFF_STARTED"; exec sleep 600; fi
        exit 1
        """;

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void AFolderLeftByARunKilledOutrightIsRemovedByTheNextRunButALiveRunsIsNot()
    {
        Assert.False(OperatingSystem.IsWindows(), "the stand-in nanoff is a POSIX shell script");
        using var live = new HangingRun(_repository, _files.Folder, _arguments, _temporary, Path.Combine(_files.Folder, "live-nanoff"));
        string liveFolder = Assert.Single(Directory.GetDirectories(_temporary, "heartrate-flash-*"));

        string killedFolder;
        using (var killed = new HangingRun(_repository, _files.Folder, _arguments, _temporary, Path.Combine(_files.Folder, "killed-nanoff")))
        {
            killedFolder = Assert.Single(Directory.GetDirectories(_temporary, "heartrate-flash-*"), folder => folder != liveFolder);
            killed.KillOutright();
        }

        Assert.Contains("test-wifi-password", File.ReadAllText(Path.Combine(killedFolder, "network.json"))); // what was left behind
        // Private folders of this user, as a run makes them: one whose lock names another user (on Windows, where the
        // temporary folder is the user's own, the name is what tells), and an empty one, as a run's is before its lock
        // file is made: no older version's folder either (that one writes its files at once), so it is not named.
        string othersFolder = PrivateRunFolder("others");
        File.WriteAllText(Path.Combine(othersFolder, "lock"), "someone-else");
        string unlockedFolder = PrivateRunFolder("unlocked");

        ToolResult next = _repository.RunWithStandInNanoff(HangingOrFailingNanoff, _files.Folder, _arguments, ("TMPDIR", _temporary));

        Assert.True(next.ExitCode == 4, next.ToString());
        Assert.Contains($"removed the temporary folder of an earlier run that did not finish: {killedFolder}\n", next.Output);
        Assert.False(Directory.Exists(killedFolder), "the killed run's folder is gone");
        Assert.Single(next.Lines, line => line.StartsWith("removed ", StringComparison.Ordinal));
        Assert.DoesNotContain(unlockedFolder, next.Errors);
        Assert.Equal(
            new[] { liveFolder, othersFolder, unlockedFolder }.Order(StringComparer.Ordinal),
            Directory.GetDirectories(_temporary, "heartrate-flash-*").Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(liveFolder, "network.json")), "the live run's files are untouched");
        Assert.False(live.HasEnded, "the live run goes on");
    }

    // Anyone may leave a heartrate-flash-* folder in a shared /tmp with this user's name in its lock. Before, each of these
    // was opened and trusted by its text: the open folder removed (a tree its maker could swap a link into while it was
    // deleted), the FIFO hung every run at its opening, the link to /dev/zero was read until memory ran out.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void FoldersAnotherUserCouldHaveLeftAreNeitherOpenedNorRemoved()
    {
        Assert.True(OperatingSystem.IsLinux(), "the owner of a folder is read with Linux's statx");
        var planted = new List<string>();
        string Plant(string name, UnixFileMode mode)
        {
            string folder = Directory.CreateDirectory(Path.Combine(_temporary, "heartrate-flash-" + name)).FullName;
            File.SetUnixFileMode(folder, mode);
            planted.Add(folder);
            return folder;
        }

        File.WriteAllText(Path.Combine(Plant("open", Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead
            | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute), "lock"), Environment.UserName);
        Run("mkfifo", Path.Combine(Plant("fifo", Private), "lock"));
        File.CreateSymbolicLink(Path.Combine(Plant("endless", Private), "lock"), "/dev/zero");
        // A link of this name to a private folder of this user's whose lock is free and names this user: the link is not
        // a folder of a run, and neither it nor what it names is removed.
        string linked = Directory.CreateDirectory(Path.Combine(_files.Folder, "linked-run"), Private).FullName;
        File.WriteAllText(Path.Combine(linked, "lock"), Environment.UserName);
        string link = Path.Combine(_temporary, "heartrate-flash-link");
        Directory.CreateSymbolicLink(link, linked);
        if (Environment.IsPrivilegedProcess)
        {
            // Root may enter every folder: one owned by another user (nobody, 65534) with root's name in a lock of root's
            // (as a hard link to a file of root's would be, where the system allows it).
            string others = Plant("nobodys", Private);
            File.WriteAllText(Path.Combine(others, "lock"), Environment.UserName);
            Run("chown", "65534", others);
        }

        ToolResult next = _repository.RunWithStandInNanoff(HangingOrFailingNanoff, _files.Folder, _arguments, ("TMPDIR", _temporary));

        Assert.True(next.ExitCode == 4, next.ToString());
        Assert.DoesNotContain(next.Lines, line => line.StartsWith("removed ", StringComparison.Ordinal));
        Assert.All(planted, folder => Assert.True(Directory.Exists(folder), folder + " stays"));
        Assert.NotNull(new DirectoryInfo(link).LinkTarget);
        Assert.True(File.Exists(Path.Combine(linked, "lock")), "what the link names stays");
    }

    // Before, the exception of Directory.Delete in the run's finally block replaced the run's own FlashException: exit
    // code 134 and a stack trace instead of exit code 4 and "step 2 ... failed". A folder too deep to delete by its path
    // (paths longer than Linux takes, PATH_MAX 4096 bytes: limits.h), built by the stand-in nanoff with relative steps,
    // stops .NET's recursive delete as root too; rm -rf, which the warning names, walks it by relative steps.
    [Fact]
    public void AFolderThatCannotBeDeletedIsAWarningAfterTheRunsOwnErrorWhichKeepsItsExitCode()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test needs Linux's path length limit and a stand-in nanoff (a POSIX shell script)");
        // $3 is network.json, in the run's folder.
        const string NanoffThatDigsDeepAndFails = """
            cd "$(dirname "$3")" || exit 9
            name=$(printf '%0200d' 0); i=0
            while [ $i -lt 25 ]; do mkdir "$name" && cd -P "$name" || exit 8; i=$((i+1)); done
            exit 1
            """;
        try
        {
            ToolResult result = _repository.RunWithStandInNanoff(NanoffThatDigsDeepAndFails, _files.Folder, _arguments, ("TMPDIR", _temporary));

            Assert.True(result.ExitCode == 4, result.ToString());
            Assert.DoesNotContain("Unhandled exception", result.Errors);
            string runFolder = Assert.Single(Directory.GetDirectories(_temporary, "heartrate-flash-*"));
            string[] said = result.Errors.TrimEnd('\n').Split('\n');
            Assert.Equal(2, said.Length);
            Assert.StartsWith("flash: step 2 (store the Wi-Fi network", said[0]);
            Assert.Contains("ended with exit code 1; its output is above.", said[0]);
            Assert.Matches($@"^flash: warning: this run's temporary folder {System.Text.RegularExpressions.Regex.Escape(runFolder)} could not be deleted \(.+\); "
                + "it may still hold the Wi-Fi password and the API key: delete it by hand \\(rm -rf '.+'\\)\\.$", said[1]);
            Assert.False(File.Exists(Path.Combine(runFolder, "network.json")), "every file the delete could reach is gone");

            RemoveWithRm(runFolder); // the warning's advice
            Assert.False(Directory.Exists(runFolder), "rm -rf removes it");
        }
        finally
        {
            RemoveWithRm(_temporary); // TemporaryFiles' own delete is .NET's, which this folder stops
        }
    }

    // A version before the lock left its folder without one, and nothing tells whether its run still waits on nanoff (which
    // has no time limit): the folder stays, named in a warning, since it may hold a password. A folder whose lock file is
    // still being made (lock.new, a run of this version in its first instant) is not such a folder: nothing is said.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void AFolderOfAVersionBeforeTheLockIsNamedButNotRemoved()
    {
        Assert.True(OperatingSystem.IsLinux(), "the owner of a folder is read with Linux's statx, and the stand-in nanoff is a POSIX shell script");
        string older = PrivateRunFolder("older");
        File.WriteAllText(Path.Combine(older, "network.json"), "test-wifi-password");
        string starting = PrivateRunFolder("starting");
        File.WriteAllText(Path.Combine(starting, "lock.new"), "");

        ToolResult result = _repository.RunWithStandInNanoff(HangingOrFailingNanoff, _files.Folder, _arguments, ("TMPDIR", _temporary));

        Assert.True(result.ExitCode == 4, result.ToString());
        string[] said = result.Errors.TrimEnd('\n').Split('\n');
        Assert.Equal(2, said.Length);
        Assert.StartsWith("flash: step 2 (store the Wi-Fi network", said[0]);
        Assert.Equal($"flash: warning: the temporary folder {older} was made by a version of this tool before runs locked their folders, and may still hold "
            + "a Wi-Fi password; whether its run still goes on cannot be told (such a run has no time limit), so it is left: once no run of an older "
            + $"version is under way, delete it by hand (rm -rf '{older}').", said[1]);
        Assert.True(File.Exists(Path.Combine(older, "network.json")), "the older version's folder stays whole");
        Assert.True(File.Exists(Path.Combine(starting, "lock.new")), "so does the starting run's");
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("removed ", StringComparison.Ordinal));
    }

    // A TMPDIR this user may write to but not list (mode 300): the earlier runs' folders cannot be looked for, which the
    // run says, and it goes on to its own end (its error first, exit code 4, its own folder deleted) instead of an
    // exception that would leave its own folder, with the password, behind. Made by a user other than root (root lists
    // any folder: UnprivilegedUser).
    [Fact]
    [SupportedOSPlatform("linux")]
    public void ATemporaryFolderThatCannotBeListedIsAWarningAndTheRunGoesOn()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv");

        ToolResult result = RunUnprivilegedWithTemporaryFolderMode(UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.True(result.ExitCode == 4, result.ToString());
        string[] said = result.Errors.TrimEnd('\n').Split('\n');
        Assert.Equal(2, said.Length);
        Assert.StartsWith("flash: step 2 (store the Wi-Fi network", said[0]);
        Assert.Equal($"flash: warning: the temporary folder {_temporary} could not be searched for the folders of earlier runs that did not finish "
            + $"(Access to the path '{_temporary}' is denied); any such folder (heartrate-flash-*) may still hold a Wi-Fi password: look for them and delete them by hand.", said[1]);
        Assert.Empty(Directory.GetFileSystemEntries(_temporary)); // the run's own folder went at its end
    }

    // A TMPDIR this user may not write to (mode 500) cannot take the run's folder: exit code 2 before any command, saying
    // what to do, never an exception. Made by a user other than root (root writes in any folder: UnprivilegedUser).
    [Fact]
    [SupportedOSPlatform("linux")]
    public void ATemporaryFolderThatMayNotBeWrittenStopsTheRunWithExitCode2()
    {
        Assert.True(OperatingSystem.IsLinux(), "the run is made by another user with util-linux's setpriv");

        ToolResult result = RunUnprivilegedWithTemporaryFolderMode(UnixFileMode.UserRead | UnixFileMode.UserExecute);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"flash: the temporary folder {_temporary}/ cannot take the files nanoff reads (Access to the path ", result.Errors);
        Assert.EndsWith(" is denied): point TMPDIR (TMP or TEMP on Windows) at a folder that exists and you may write to, or unset it to use the system's. "
            + "Nothing was written to the board.\n", result.Errors);
        Assert.DoesNotContain("==", result.Output); // no command ran
        Assert.Empty(Directory.GetFileSystemEntries(_temporary));
    }

    // Folders of this user's own that this user cannot open or empty, made by a user other than root (UnprivilegedUser):
    // one whose lock it may not read (mode 000) cannot be told from a live run's and stays, without a word; an unfinished
    // run's whose files are in a folder it may not write to (mode 500) cannot be deleted, which is a warning naming it
    // after the run's own error. Neither may end the run with an exception, which would leave its own folder behind.
    // The folder left behind keeps its lock, so the next run tries it again: before, .NET's recursive delete took the lock
    // with all else it could, and the next run named the folder as one made before runs locked their folders.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void FoldersThisUserMayNotOpenOrEmptyStayAndTheRunGoesOn()
    {
        Assert.True(OperatingSystem.IsLinux(), "the owner of a folder is read with Linux's statx, and the run is made by another user with util-linux's setpriv");
        string unreadable = Directory.CreateDirectory(Path.Combine(_temporary, "heartrate-flash-unreadable")).FullName;
        string unreadableLock = Path.Combine(unreadable, "lock");
        File.WriteAllText(unreadableLock, UnprivilegedUser.Name);
        string undeletable = Directory.CreateDirectory(Path.Combine(_temporary, "heartrate-flash-undeletable")).FullName;
        File.WriteAllText(Path.Combine(undeletable, "lock"), UnprivilegedUser.Name);
        string kept = Directory.CreateDirectory(Path.Combine(undeletable, "kept")).FullName;
        File.WriteAllText(Path.Combine(kept, "network.json"), "test-wifi-password");
        ProcessStartInfo first = _repository.WithStandInNanoff(HangingOrFailingNanoff), second = _repository.WithStandInNanoff(HangingOrFailingNanoff);
        UnprivilegedUser.Own(_repository.Root, _files.Folder);
        File.SetUnixFileMode(unreadable, Private);
        File.SetUnixFileMode(unreadableLock, UnixFileMode.None);
        File.SetUnixFileMode(undeletable, Private);
        File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string leftBehind = $"flash: warning: the temporary folder of an earlier run that did not finish {undeletable} could not be deleted "
            + $"(Access to the path '{Path.Combine(kept, "network.json")}' is denied); it may still hold the Wi-Fi password and the API key: "
            + $"delete it by hand (rm -rf '{undeletable}').";
        try
        {
            ToolResult result = FlashTool.RunToEnd(UnprivilegedUser.Run(first), _files.Folder, _arguments, ("TMPDIR", _temporary));

            Assert.True(result.ExitCode == 4, result.ToString());
            string[] said = result.Errors.TrimEnd('\n').Split('\n');
            Assert.Equal(2, said.Length);
            Assert.StartsWith("flash: step 2 (store the Wi-Fi network", said[0]);
            Assert.Equal(leftBehind, said[1]);
            Assert.DoesNotContain(result.Lines, line => line.StartsWith("removed ", StringComparison.Ordinal));
            Assert.True(File.Exists(unreadableLock), "the folder whose lock cannot be read stays whole");
            Assert.True(File.Exists(Path.Combine(kept, "network.json")), "what could not be deleted stays");
            Assert.True(File.Exists(Path.Combine(undeletable, "lock")), "the folder that could not be emptied keeps its lock");
            Assert.Equal(
                new[] { undeletable, unreadable }.Order(StringComparer.Ordinal),
                Directory.GetDirectories(_temporary).Order(StringComparer.Ordinal)); // and the run's own folder went at its end

            ToolResult again = FlashTool.RunToEnd(UnprivilegedUser.Run(second), _files.Folder, _arguments, ("TMPDIR", _temporary));

            Assert.True(again.ExitCode == 4, again.ToString());
            said = again.Errors.TrimEnd('\n').Split('\n');
            Assert.Equal(2, said.Length);
            Assert.StartsWith("flash: step 2 (store the Wi-Fi network", said[0]);
            Assert.Equal(leftBehind, said[1]); // tried again, not named as a version before the lock
        }
        finally
        {
            File.SetUnixFileMode(kept, Private); // for TemporaryFiles' delete, were it not root
        }
    }

    // Two terminals flashing two boards: a run starting as another ends must not take the finished run's folder for an
    // unfinished one. Before, the ending run let go of its lock and then deleted it: a run starting in between found the
    // lock free, removed the folder and said so. The starting run's search is made in that instant (LockDeleted), in this
    // process, whose TMPDIR is the runs' for the while: an flock conflicts between two opens of one process as of two.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void ARunStartingAsAnotherEndsNeitherRemovesNorNamesItsFolder()
    {
        Assert.True(OperatingSystem.IsLinux(), "an unfinished run's folder is told from others with Linux's statx");
        string? systems = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", _temporary);
        try
        {
            WorkFolder ending = WorkFolder.Create(TextWriter.Null, []);
            File.WriteAllText(Path.Combine(ending.Folder.FullName, "network.json"), "test-wifi-password");
            var said = new StringWriter();
            var warnings = new List<string>();
            WorkFolder? starting = null;
            bool endingFolderStayed = false;
            ending.LockDeleted = () =>
            {
                starting = WorkFolder.Create(said, warnings);
                endingFolderStayed = Directory.Exists(ending.Folder.FullName);
            };

            Assert.Null(ending.Delete());

            Assert.NotNull(starting);
            Assert.Null(starting.Delete());
            Assert.Equal("", said.ToString());
            Assert.Empty(warnings);
            Assert.True(endingFolderStayed, "the starting run left the ending run's folder to it");
            Assert.Empty(Directory.GetFileSystemEntries(_temporary)); // each run deleted its own
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", systems);
        }
    }

    // Two runs starting together: one looks through the temporary folder while the other renames its lock file from
    // lock.new to lock (WorkFolder's Lock). Looking for each name on its own could miss the file under both and take the
    // folder for one of a version before the lock, whose warning asks for it to be deleted by hand. The rename takes
    // microseconds, so here a held lock file goes to and fro between the two names while runs start beside it, in this
    // process, as above; before, 12-16 starts of these 300 named it.
    [Fact]
    [SupportedOSPlatform("linux")]
    public void ARunMakingItsLockIsNotTakenForAFolderOfAnOlderVersion()
    {
        Assert.True(OperatingSystem.IsLinux(), "a folder of this user's is told from others with Linux's statx");
        string starting = PrivateRunFolder("starting");
        string unnamed = Path.Combine(starting, "lock.new");
        string named = Path.Combine(starting, "lock");
        using var held = new FileStream(unnamed, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        held.Write(Encoding.UTF8.GetBytes(Environment.UserName));
        held.Flush();

        int stop = 0;
        var renaming = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                File.Move(unnamed, named);
                File.Move(named, unnamed);
            }
        });
        string? systems = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", _temporary);
        var said = new StringWriter();
        var warnings = new List<string>();
        renaming.Start();
        try
        {
            for (int run = 0; run < 300; run++)
            {
                Assert.Null(WorkFolder.Create(said, warnings).Delete());
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            renaming.Join();
            Environment.SetEnvironmentVariable("TMPDIR", systems);
        }

        Assert.True(warnings.Count == 0, $"{warnings.Count} of 300 starts named it");
        Assert.Equal("", said.ToString());
        Assert.True(File.Exists(unnamed), "the starting run's folder was left to it");
    }

    // A folder in the runs' TMPDIR named as a run's, private as a run makes it.
    [UnsupportedOSPlatform("windows")]
    private string PrivateRunFolder(string name) => Directory.CreateDirectory(Path.Combine(_temporary, "heartrate-flash-" + name), Private).FullName;

    // A run to its end, made by a user other than root (UnprivilegedUser), with the runs' TMPDIR at mode; the mode is
    // put back before the test's asserts, so a failed one is the one reported, not TemporaryFiles' delete.
    [SupportedOSPlatform("linux")]
    private ToolResult RunUnprivilegedWithTemporaryFolderMode(UnixFileMode mode)
    {
        ProcessStartInfo start = _repository.WithStandInNanoff(HangingOrFailingNanoff);
        UnprivilegedUser.Own(_repository.Root, _files.Folder);
        File.SetUnixFileMode(_temporary, mode);
        try
        {
            return FlashTool.RunToEnd(UnprivilegedUser.Run(start), _files.Folder, _arguments, ("TMPDIR", _temporary));
        }
        finally
        {
            File.SetUnixFileMode(_temporary, Private);
        }
    }

    public void Dispose()
    {
        _repository.Dispose();
        _files.Dispose();
    }

    private static void Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(command, arguments)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed");
    }

    private static void RemoveWithRm(string folder)
    {
        using Process rm = Process.Start("rm", ["-rf", folder])!;
        rm.WaitForExit();
    }

    /// <summary>A real run whose nanoff hangs at step 2, its folder written, until it is killed or disposed.</summary>
    private sealed class HangingRun : IDisposable
    {
        private readonly Process _tool;
        private readonly int _nanoff;

        public HangingRun(RepositoryCopy repository, string folder, string[] arguments, string temporary, string started)
        {
            ProcessStartInfo start = repository.WithStandInNanoff(HangingOrFailingNanoff);
            start.WorkingDirectory = folder;
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["TMPDIR"] = temporary;
            start.Environment["NANOFF_STARTED"] = started;
            _tool = Process.Start(start)!;
            _tool.StandardOutput.ReadToEndAsync();
            _tool.StandardError.ReadToEndAsync();
            bool reached = SpinWait.SpinUntil(() => _tool.HasExited || (File.Exists(started) && File.ReadAllText(started).EndsWith('\n')), TimeSpan.FromSeconds(60));
            if (!reached || _tool.HasExited)
            {
                Dispose();
                throw new InvalidOperationException("the run did not reach nanoff's network deployment");
            }

            _nanoff = int.Parse(File.ReadAllText(started).Trim(), CultureInfo.InvariantCulture);
        }

        public bool HasEnded => _tool.HasExited;

        /// <summary>SIGKILL, as kill -9 sends: the tool runs nothing more, its folder stays.</summary>
        public void KillOutright()
        {
            _tool.Kill();
            _tool.WaitForExit();
        }

        // nanoff first: it hangs until killed, so its number is still its own; after the tool's end it may be another's.
        public void Dispose()
        {
            if (_nanoff != 0)
            {
                try
                {
                    using Process nanoff = Process.GetProcessById(_nanoff);
                    nanoff.Kill();
                }
                catch (ArgumentException)
                {
                    // Already ended (a failed test may have ended it).
                }
            }

            if (!_tool.HasExited)
            {
                _tool.Kill(entireProcessTree: true);
                _tool.WaitForExit();
            }

            _tool.Dispose();
        }
    }
}
