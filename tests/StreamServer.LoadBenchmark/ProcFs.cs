namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What Linux says about a process and the machine (proc(5)).</summary>
public static class ProcFs
{
    /// <summary>Clock ticks per second of /proc's CPU times: USER_HZ, 100 on Linux (sysconf(_SC_CLK_TCK)).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of a process: fields 14 and 15 of /proc/PID/stat.</summary>
    public static double CpuSeconds(int pid)
    {
        string[] fields = StatFields(pid);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }

    /// <summary>CPU seconds of a process and its children (PostgreSQL's backends are the postmaster's): its own and its
    /// ended children's (fields 14-17 of /proc/PID/stat: a child's time moves into cutime and cstime when it is waited
    /// for), plus each living child's the same way, so a child that ends between two readings still counts once.</summary>
    public static double TreeCpuSeconds(int pid)
    {
        double seconds = WithEndedChildren(StatFields(pid));
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int child) && child != pid
                && TryStatFields(child) is string[] fields && fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                seconds += WithEndedChildren(fields);
            }
        }

        return seconds;

        static double WithEndedChildren(string[] fields) => fields.Skip(11).Take(4).Sum(long.Parse) / TicksPerSecond;
    }

    /// <summary>Whether the process runs: it exists and is not a zombie (state, field 3 of /proc/PID/stat).</summary>
    public static bool IsRunning(int pid) => TryStatFields(pid) is string[] fields && fields[0] != "Z";

    /// <summary>Resident memory (VmRSS of /proc/PID/status) in MiB.</summary>
    public static double ResidentMiB(int pid) => Field($"/proc/{pid}/status", "VmRSS:") / 1024.0;

    /// <summary>The hard limit on open files of a process (/proc/PID/limits): every connection is one.</summary>
    public static long OpenFilesLimit(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        string hard = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return hard == "unlimited" ? long.MaxValue : long.Parse(hard);
    }

    /// <summary>The 1-, 5- and 15-minute load averages (/proc/loadavg): how busy a shared machine was around a run.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Busy and total CPU seconds of the whole machine, all cores (first line of /proc/stat).</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        long[] ticks = File.ReadLines("/proc/stat").First()["cpu".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        long idle = ticks[3] + ticks[4]; // idle, iowait
        long total = ticks.Take(8).Sum(); // user..steal; guest time is already inside user
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    // The fields of /proc/PID/stat from the third (state) on: the name before them may hold spaces and parentheses.
    private static string[] StatFields(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static string[]? TryStatFields(int pid)
    {
        try
        {
            return StatFields(pid);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null; // it ended meanwhile
        }
    }

    private static long Field(string path, string name) =>
        long.Parse(File.ReadLines(path).First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0]);
}
