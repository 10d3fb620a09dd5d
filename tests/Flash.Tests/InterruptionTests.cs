using System.Diagnostics;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A run stopped by a kill (SIGTERM; Ctrl+C's SIGINT is handled alike) while nanoff works, as when nanoff waits for a board that does not
/// answer: nanoff is ended, and the folder holding the Wi-Fi password and the API key is gone when the tool exits. Before,
/// the signal ended the tool at once and the folder stayed.
/// </summary>
public class InterruptionTests
{
    // SIGTERM stands for the three signals, which the tool registers alike (Interruption.cs). SIGINT itself cannot be
    // sent here: a shell without job control (as CI's) starts its background commands with SIGINT ignored, and .NET
    // keeps an inherited ignored SIGINT ignored, so the tool would never see it (a terminal's Ctrl+C reaches it).
    [Fact]
    public async Task AnInterruptedRunLeavesNoSecretsBehind()
    {
        Assert.False(OperatingSystem.IsWindows(), "this test sends POSIX signals with kill(1)");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();
        string started = Path.Combine(files.Folder, "nanoff-started");
        string temporary = Directory.CreateDirectory(Path.Combine(files.Folder, "tmp")).FullName;
        // nanoff writes its process id and hangs.
        ProcessStartInfo start = repository.WithStandInNanoff("echo $$ > \"$NANOFF_STARTED\"; exec sleep 600");
        start.WorkingDirectory = files.Folder;
        foreach (string argument in new[] { "--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = temporary;
        start.Environment["NANOFF_STARTED"] = started;
        using Process tool = Process.Start(start)!;
        // nanoff inherits the tool's error (and, for a step the tool does not read, its output), so both close only once
        // nanoff and the tool ended.
        Task<string> errors = tool.StandardError.ReadToEndAsync();
        Task<string> output = tool.StandardOutput.ReadToEndAsync();
        Task bothClosed = Task.WhenAll(errors, output);
        int nanoff = 0;
        try
        {
            bool reached = SpinWait.SpinUntil(() => tool.HasExited || (File.Exists(started) && File.ReadAllText(started).EndsWith('\n')), TimeSpan.FromSeconds(60));
            Assert.True(reached && !tool.HasExited, "nanoff's first step was reached: " + (tool.HasExited ? await errors + await output : "still running"));
            nanoff = int.Parse(File.ReadAllText(started).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Single(Directory.GetDirectories(temporary, "heartrate-flash-*")); // it holds the network's password now

            using (Process kill = Process.Start("kill", ["-TERM", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                kill.WaitForExit();
            }

            Assert.True(tool.WaitForExit(TimeSpan.FromSeconds(30)), "the tool ended after the signal");
            Assert.Empty(Directory.GetDirectories(temporary, "heartrate-flash-*"));
            Assert.True(await ClosesWithin(bothClosed, TimeSpan.FromSeconds(30)), "nanoff was ended with the tool (the tool's output or error stayed open)");
            string said = await errors;
            Assert.True(tool.ExitCode == 130, $"exit {tool.ExitCode}: {said}");
            Assert.Contains("stopped during step", said);
        }
        finally
        {
            // Whatever failed, nothing of this test keeps running (the stand-in nanoff would hold the tool's output for 10 minutes).
            if (!tool.HasExited)
            {
                tool.Kill(entireProcessTree: true);
            }

            // An output still open once the tool ended is held by nanoff, alive, so its number is still its own: looked up
            // after it ended, the number may be another process's by now.
            if (nanoff != 0 && !await ClosesWithin(bothClosed, TimeSpan.FromSeconds(5)))
            {
                try
                {
                    using Process left = Process.GetProcessById(nanoff);
                    left.Kill();
                }
                catch (ArgumentException)
                {
                    // It ended since (as its pipe closes): the test's own failure is the one to report.
                }
            }
        }
    }

    // A terminal's Ctrl+C reaches nanoff as well as the tool, and nanoff may end of it before the tool has run its
    // handler: seen from the tool, nanoff failed and the signal came a moment later. Before, that run ended with exit
    // code 4, "step 2 ... failed", and advice about the cable (3 of 5 Ctrl+C in a terminal during a hanging nanoff).
    [Fact]
    public void ASignalThatNanoffEndedOfFirstStillStopsTheRunAsInterrupted()
    {
        Assert.False(OperatingSystem.IsWindows(), "this test sends POSIX signals with kill(1)");
        using var files = new TemporaryFiles();
        using var repository = new RepositoryCopy();

        // nanoff ends as a process ended by SIGINT does (128 + 2); the tool's own signal follows 0.2 s later.
        ToolResult result = repository.RunWithStandInNanoff("(sleep 0.2; kill -TERM $PPID) &\nexit 130", files.Folder,
            ["--port", files.Write("ttyUSB0", ""), "--config", files.OwnConfiguration(), "--image", files.FreshImage(), "--skip-firmware"]);

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("flash: stopped during step 2 (store the Wi-Fi network", result.Errors);
        Assert.DoesNotContain("failed", result.Errors);
        Assert.Empty(result.RunFoldersLeft!);
    }

    // .NET may run a signal's handler after its registration is disposed (a second Ctrl+C as the run ends). Before, the
    // handler's Cancel threw ObjectDisposedException on .NET's signal thread, which ended the tool with exit code 134.
    [Fact]
    public void ASignalHandledAfterTheRunEndedIsLetPass()
    {
        var interruption = new Interruption();
        interruption.Dispose();
        var context = new System.Runtime.InteropServices.PosixSignalContext(System.Runtime.InteropServices.PosixSignal.SIGTERM);

        interruption.OnSignal(context);

        Assert.True(context.Cancel, "the signal does not end the tool at once");
    }

    private static async Task<bool> ClosesWithin(Task closed, TimeSpan time) => await Task.WhenAny(closed, Task.Delay(time)) == closed;
}
