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
/// exactly even on a busy machine (allocation is exact; time is this thread's CPU, best of the rounds).
/// Every round's answer must be the healthy end with every object received: a refused stream is cheap and would
/// otherwise be measured as if it were the work (a too-short token once made every round a 404).</summary>
public static class IngestCost
{
    // StreamToken.MinLength is 10: a shorter token is answered 404 before any object is read.
    private const string Token = "ingest-cost-token";

    /// <exception cref="InvalidOperationException">The server did not answer the body as a healthy stream.</exception>
    public static void Run(int objects, int rounds)
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        var data = new JsonArray(new JsonObject { ["x"] = new JsonArray(), ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["token"] = Token, ["maxpoints"] = 500 } });
        plots.Save("load", new PlotDefinition("cost", FileOption.Overwrite, data, new JsonObject()));
        byte[] body = Body(objects);
        var head = new RequestHead("POST", "/", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Transfer-Encoding"] = "chunked", ["plotly-streamtoken"] = Token });
        var settings = new IngestSettings(TimeSpan.FromSeconds(60), 1 << 20);

        ExpectHealthy(Once(plots, head, settings, body), objects); // JIT and tiering out of the measured rounds
        double bestNanoseconds = double.MaxValue;
        long allocated = 0;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var wall = Stopwatch.StartNew();
            long cpuBefore = ThreadCpuNanoseconds();
            string answer = Once(plots, head, settings, body);
            long cpuNanoseconds = ThreadCpuNanoseconds() - cpuBefore;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            ExpectHealthy(answer, objects);
            bestNanoseconds = Math.Min(bestNanoseconds, (double)cpuNanoseconds / objects);
            Console.WriteLine($"round {round + 1}: answered 200, {cpuNanoseconds / 1e6:F0} ms CPU ({wall.ElapsedMilliseconds} ms wall) for {objects} objects: {(double)cpuNanoseconds / objects:F0} ns and {(double)allocated / objects:F0} B per object");
        }

        Console.WriteLine($"ingest per object: {bestNanoseconds:F0} ns CPU (best of {rounds}), {(double)allocated / objects:F0} B allocated");
    }

    // Synchronous on this thread: the whole body is in the pipe, so every read completes at once. Returns the answer.
    private static string Once(PlotRegistry plots, RequestHead head, IngestSettings settings, byte[] body)
    {
        var input = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        input.Writer.WriteAsync(body).AsTask().GetAwaiter().GetResult();
        input.Writer.Complete();
        var session = new IngestSession(input.Reader, output.Writer, head, plots, settings, NullLogger.Instance);
        session.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        output.Writer.Complete();
        ReadResult answer = output.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(answer.Buffer);
    }

    /// <summary>Throws unless the answer is the healthy end (200) of a stream whose every object was received.</summary>
    public static void ExpectHealthy(string answer, int objects)
    {
        int bodyStart = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        JsonNode? reply = bodyStart < 0 ? null : JsonNode.Parse(answer[(bodyStart + 4)..]);
        int status = reply?["status"]?.GetValue<int>() ?? 0;
        long received = reply?["received"]?.GetValue<long>() ?? -1;
        if (status != 200 || received != objects)
        {
            string firstLine = answer.Split("\r\n")[0];
            throw new InvalidOperationException(
                $"--ingest-cost: the server answered \"{firstLine}\" with {received} of {objects} objects received "
                + $"({(bodyStart < 0 ? answer : answer[(bodyStart + 4)..])}), not a healthy 200 with every object: "
                + "no figures, they would measure the refusal. Fix the benchmark's plot or token (IngestCost.cs).");
        }
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
