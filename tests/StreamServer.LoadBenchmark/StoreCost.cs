using System.Diagnostics;
using HeartRateStreamer.StreamServer.Storage;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What saving streamed objects costs the server, apart from everything else: the real
/// <see cref="SqliteStore"/> in a temporary folder saves batches of appends as the write-behind saver hands them
/// over (one batch a second, spread over plots of one stream each). Reports CPU time and bytes allocated per
/// saved object, so a change to persistence batching is measured on its own, and each batch's wall time, commit and
/// its sync to disk included (what synchronous=FULL costs: the saver is busy that long each second).</summary>
public static class StoreCost
{
    public static void Run(int objectsPerSecond, int streams, int rounds)
    {
        string folder = Directory.CreateTempSubdirectory("store-cost-").FullName;
        try
        {
            using var store = new SqliteStore(Path.Combine(folder, "plots.db"));
            for (int plot = 0; plot < streams; plot++)
            {
                store.SaveAsync([new StoredPlot("load", plot, $"plot {plot}", """[{"x":[],"y":[]}]""", "{}", 0)], []).GetAwaiter().GetResult();
            }

            long version = 0;
            List<StoredAppend> Batch() => Enumerable.Range(0, objectsPerSecond)
                .Select(i => new StoredAppend("load", i % streams, ++version + i / streams, "[0]", $"{{\"x\":{version},\"y\":{60 + (i % 40)}}}")).ToList();

            store.SaveAsync([], Batch()).GetAwaiter().GetResult(); // JIT, statement cache and file growth out of the measured rounds
            double best = double.MaxValue;
            double bestWall = double.MaxValue;
            for (int round = 0; round < rounds; round++)
            {
                List<StoredAppend> batch = Batch();
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                long started = Stopwatch.GetTimestamp();
                store.SaveAsync([], batch).GetAwaiter().GetResult();
                double wallMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                double cpuMicroseconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / batch.Count;
                double allocated = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / batch.Count;
                best = Math.Min(best, cpuMicroseconds);
                bestWall = Math.Min(bestWall, wallMilliseconds);
                Console.WriteLine($"round {round + 1}: {batch.Count} objects over {streams} plots in one batch: {cpuMicroseconds:F2} µs CPU and {allocated:F0} B allocated per object, {wallMilliseconds:F2} ms for the batch");
            }

            Console.WriteLine($"saving per object: {best:F2} µs CPU; a batch: {bestWall:F2} ms wall time, commit included (best of {rounds})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
