using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.LoadBenchmark;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project tests/StreamServer.LoadBenchmark -- [--streams 50] [--viewers 2] [--seconds 15] [--interval-ms 50]
// Everything runs on 127.0.0.1 in this process (server, devices, viewers), so the figures include
// the load generator's own CPU use on the same cores.
LoadSettings settings = LoadSettings.Parse(args);
string data = Directory.CreateTempSubdirectory("stream-server-load-").FullName;
const string User = "load";
const string Key = "load-key-0001-bench";
await using StreamServerHost server = await StreamServerHost.StartAsync(new StreamServerOptions
{
    Urls = ["http://127.0.0.1:0"],
    HttpsPort = null,
    DataDirectory = data,
    Users = new Dictionary<string, string> { [User] = Key },
    LogLevel = LogLevel.Warning,
});
using var http = new HttpClient { BaseAddress = server.HttpBaseUrl, Timeout = Timeout.InfiniteTimeSpan };
using var stopViewers = new CancellationTokenSource();

int capacity = (settings.Seconds * 1000 / settings.IntervalMilliseconds) + 10;
var devices = new List<StreamingDevice>();
var viewers = new List<Viewer>();
var viewerTasks = new List<Task>();
for (int i = 0; i < settings.Streams; i++)
{
    string form = $"platform=load&args=[{{\"x\":[],\"y\":[],\"stream\":{{\"token\":\"load-{i}\",\"maxpoints\":500}}}}]&kwargs={{\"filename\":\"load {i}\",\"fileopt\":\"overwrite\"}}&un={User}&key={Key}";
    using HttpResponseMessage created = await http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)));
    JsonObject reply = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
    string path = new Uri((string)reply["url"]!).AbsolutePath;
    var device = new StreamingDevice(server.HttpPort, $"load-{i}", capacity, settings.IntervalMilliseconds);
    devices.Add(device);
    for (int v = 0; v < settings.ViewersPerPlot; v++)
    {
        var viewer = new Viewer(device);
        viewers.Add(viewer);
        viewerTasks.Add(viewer.RunAsync(http, path, stopViewers.Token));
    }
}

Console.WriteLine($"{settings.Streams} streams at one object per {settings.IntervalMilliseconds} ms, {settings.ViewersPerPlot} viewers per plot, {settings.Seconds} s, {Environment.ProcessorCount} cores");
await Task.Delay(500); // let every viewer receive its snapshot before the first point
var wall = Stopwatch.StartNew();
double cpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
await Task.WhenAll(devices.Select(device => device.RunAsync(TimeSpan.FromSeconds(settings.Seconds))));
await Task.Delay(1000); // the last frames
double cpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore;
stopViewers.Cancel();
await Task.WhenAll(viewerTasks);

long sent = devices.Sum(device => (long)device.Sent);
long accepted = devices.Sum(device => Count(device.Answer, "received"));
long dropped = devices.Sum(device => Count(device.Answer, "dropped"));
double[] latencies = viewers.SelectMany(viewer => viewer.LatenciesMilliseconds).Order().ToArray();
long expected = accepted * settings.ViewersPerPlot;
Console.WriteLine($"objects sent {sent}, accepted {accepted}, dropped by throttle {dropped}, answers 200: {devices.Count(d => d.Answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))}/{devices.Count}");
Console.WriteLine($"ingest {accepted / wall.Elapsed.TotalSeconds:F0} objects/s; viewer deliveries {latencies.Length} of {expected} expected; frames/viewer/s {viewers.Average(v => v.Frames) / settings.Seconds:F1}");
Console.WriteLine($"end-to-end latency (device write -> viewer event) ms: p50 {Percentile(0.50):F1}, p90 {Percentile(0.90):F1}, p99 {Percentile(0.99):F1}, max {(latencies.Length > 0 ? latencies[^1] : double.NaN):F1}");
Console.WriteLine($"process CPU {cpuSeconds:F1} s over {wall.Elapsed.TotalSeconds:F1} s wall ({100 * cpuSeconds / wall.Elapsed.TotalSeconds / Environment.ProcessorCount:F0}% of all cores, load generator included)");
await server.StopAsync();
Directory.Delete(data, recursive: true);

double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];

static long Count(string answer, string name)
{
    int body = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
    return body < 0 ? 0 : (long?)JsonNode.Parse(answer[(body + 4)..])?[name] ?? 0;
}
