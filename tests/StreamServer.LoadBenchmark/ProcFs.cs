namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What Linux says about a process and the machine (proc(5)).</summary>
public static class ProcFs
{
    /// <summary>Clock ticks per second of /proc's CPU times: USER_HZ, 100 on Linux (sysconf(_SC_CLK_TCK)).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of a process: fields 14 and 15 of /proc/PID/stat.</summary>
    public static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 on; the name may hold spaces
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }

    /// <summary>Resident memory (VmRSS of /proc/PID/status) in MiB.</summary>
    public static double ResidentMiB(int pid) => Field($"/proc/{pid}/status", "VmRSS:") / 1024.0;

    /// <summary>The hard limit on open files of a process (/proc/PID/limits): every connection is one.</summary>
    public static long OpenFilesLimit(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        string hard = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return hard == "unlimited" ? long.MaxValue : long.Parse(hard);
    }

    /// <summary>Busy and total CPU seconds of the whole machine, all cores (first line of /proc/stat).</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        long[] ticks = File.ReadLines("/proc/stat").First()["cpu".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        long idle = ticks[3] + ticks[4]; // idle, iowait
        long total = ticks.Take(8).Sum(); // user..steal; guest time is already inside user
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    private static long Field(string path, string name) =>
        long.Parse(File.ReadLines(path).First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0]);
}
