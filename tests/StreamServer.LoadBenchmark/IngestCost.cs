using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>The server's own work per streamed object, apart from sockets, frames and storage: the real
/// <see cref="IngestSession"/> reads a chunked body of objects written as the devices write them and applies
/// them to a real plot (500-point windows, full as in a running server; no throttle, no saver). Reports CPU
/// time and bytes allocated per object, so a change to ingest parsing or per-object work is measured
/// exactly even on a busy machine (allocation is exact; time is this thread's CPU, best of the rounds).</summary>
public static class IngestCost
{
    public static void Run(int objects, int rounds)
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        var data = new JsonArray(new JsonObject { ["x"] = new JsonArray(), ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["token"] = "cost", ["maxpoints"] = 500 } });
        plots.Save("load", new PlotDefinition("cost", FileOption.Overwrite, data, new JsonObject()));
        byte[] body = Body(objects);
        var head = new RequestHead("POST", "/", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Transfer-Encoding"] = "chunked", ["plotly-streamtoken"] = "cost" });
        var settings = new IngestSettings(TimeSpan.FromSeconds(60), 1 << 20);

        Once(plots, head, settings, body); // JIT and tiering out of the measured rounds
        double bestNanoseconds = double.MaxValue;
        long allocated = 0;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var wall = Stopwatch.StartNew();
            long cpuBefore = ThreadCpuNanoseconds();
            int status = Once(plots, head, settings, body);
            long cpuNanoseconds = ThreadCpuNanoseconds() - cpuBefore;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            bestNanoseconds = Math.Min(bestNanoseconds, (double)cpuNanoseconds / objects);
            Console.WriteLine($"round {round + 1}: answered {status}, {cpuNanoseconds / 1e6:F0} ms CPU ({wall.ElapsedMilliseconds} ms wall) for {objects} objects: {(double)cpuNanoseconds / objects:F0} ns and {(double)allocated / objects:F0} B per object");
        }

        Console.WriteLine($"ingest per object: {bestNanoseconds:F0} ns CPU (best of {rounds}), {(double)allocated / objects:F0} B allocated");
    }

    // Synchronous on this thread: the whole body is in the pipe, so every read completes at once.
    private static int Once(PlotRegistry plots, RequestHead head, IngestSettings settings, byte[] body)
    {
        var input = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        input.Writer.WriteAsync(body).AsTask().GetAwaiter().GetResult();
        input.Writer.Complete();
        var session = new IngestSession(input.Reader, output.Writer, head, plots, settings, NullLogger.Instance);
        session.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        return session.AnsweredStatus ?? 0;
    }

    private static byte[] Body(int objects)
    {
        var body = new StringBuilder();
        for (int x = 1; x <= objects; x++)
        {
            string line = $"{{\"x\":{x},\"y\":{60 + (x % 40)}}}\n";
            body.Append($"{line.Length:x}\r\n{line}\r\n");
        }

        return Encoding.ASCII.GetBytes(body.Append("0\r\n\r\n").ToString());
    }

    // CLOCK_THREAD_CPUTIME_ID through /proc/thread-self/stat would round to 10 ms; the process's CPU time is
    // this thread's here (nothing else runs), read at 1 µs resolution.
    private static long ThreadCpuNanoseconds() => (long)(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds * 1e6);
}
