using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// The virtual device as its own process (the built VirtualDevice.dll run by dotnet), for what only a process shows: how
/// it answers a real signal. Stdout and stderr are read line by line; disposing ends a process still running (SIGTERM,
/// then a kill).
/// </summary>
public sealed class VirtualDeviceProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private int _endedStreams;

    private VirtualDeviceProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id (the default command names its temporary folder after it).</summary>
    public int Pid => _process.Id;

    /// <summary>The exit code, once it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written so far, stdout and stderr interleaved, a line each.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    /// <summary>The folder of the built tool (VirtualDevice.dll and its libraries), built beside the tests.</summary>
    public static string BuildFolder => AppContext.BaseDirectory;

    /// <summary>`virtual-device ARGUMENTS` through dotnet, not yet started, its standard streams redirected.</summary>
    public static ProcessStartInfo Program(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(BuildFolder, "VirtualDevice.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Starts `virtual-device ARGUMENTS`.</summary>
    public static VirtualDeviceProcess Start(params string[] arguments)
    {
        var device = new VirtualDeviceProcess(Process.Start(Program(arguments))!);
        device._process.OutputDataReceived += (_, line) => device.Received(line.Data);
        device._process.ErrorDataReceived += (_, line) => device.Received(line.Data);
        device._process.BeginOutputReadLine();
        device._process.BeginErrorReadLine();
        return device;
    }

    /// <summary>Waits until the output holds a line for which <paramref name="found"/> is true; false when the time ran out or the process's output ended first.</summary>
    public bool WaitForLines(Func<IReadOnlyList<string>, bool> found, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_lines)
        {
            // Each line received wakes the wait (Received), so the check runs on every line and on nothing else.
            while (!found(_lines))
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (_endedStreams == 2 || left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_lines, left);
            }

            return true;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (15 SIGTERM, 2 SIGINT) to the process, as a supervisor or a terminal does.</summary>
    public void Signal(int signal) => Assert.Equal(0, kill(Pid, signal));

    /// <summary>Waits for the process to exit and its output to be read; false when it still runs after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // the rest of its output
        return true;
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            // Stopped as a supervisor stops it, so it cleans up after itself; killed only when that does not end it.
            kill(Pid, 15);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        lock (_lines)
        {
            // A null line is the end of stdout or stderr: after both, no line can come.
            if (line is null)
            {
                _endedStreams++;
            }
            else
            {
                _lines.Add(line);
            }

            Monitor.PulseAll(_lines);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
