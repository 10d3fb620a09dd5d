using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using HeartRateStreamer.StreamServer.LoadGenerator;

// One step of load, driven by tests/StreamServer.LoadBenchmark over stdin/stdout:
//   connects every device and viewer, prints "ready", waits for "go" on stdin, streams for --seconds,
//   waits for the last points to arrive, prints "measured", waits for "end" on stdin (the benchmark reads the
//   processes' CPU times meanwhile, while this process still exists), ends the streams and prints "result {json}".
// dotnet HeartRateStreamer.StreamServer.LoadGenerator.dll --protocol plotly|mqtt --port P --streams N --viewers V
//   [--seconds 10] [--interval-ms 50] [--heartbeat-seconds 30] [--silent-seconds 0] [--plots FILE --user U --key K [--create-port P]]
// --silent-seconds: the devices stay connected and silent that long before "ready", sending only heartbeats.
// With --plots the plots are made through /clientresp (our server; on --create-port when given: one node of a cluster);
// without, a plot's path is /p/TOKEN (the sink).
GeneratorSettings settings;
try
{
    settings = GeneratorSettings.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

// Time for the last frames to reach the viewers after the last write: a frame waits up to 50 ms
// for its instant, and a late one is what the step measures, so wait well past the 100 ms goal.
TimeSpan settle = TimeSpan.FromSeconds(2);
TimeSpan mqttKeepAlive = TimeSpan.FromSeconds(60);
using var stop = new CancellationTokenSource();
var latencies = new LatencyHistogram();
int objects = settings.ObjectsPerDevice;
bool mqtt = settings.Protocol == GeneratorSettings.Mqtt;

string[] paths = settings.PlotsFile is string plotsFile
    ? await PlotCreator.EnsureAsync(settings.CreatePort, settings.CreatePort != settings.Port, settings.Streams, settings.User, settings.Key, plotsFile, stop.Token)
    : Enumerable.Range(0, settings.Streams).Select(i => "/p/" + PlotCreator.Token(i)).ToArray();

var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64 };
var devices = new Device[settings.Streams];
await Parallel.ForAsync(0, settings.Streams, parallel, async (i, ct) =>
{
    devices[i] = mqtt
        ? await MqttDevice.ConnectAsync(i, PlotCreator.Token(i), settings.Port, objects, mqttKeepAlive, ct)
        : await PlotlyDevice.ConnectAsync(i, PlotCreator.Token(i), settings.Port, objects, ct);
});

var viewers = new ViewerConnection[settings.Streams * settings.ViewersPerPlot];
await Parallel.ForAsync(0, viewers.Length, parallel, async (v, ct) =>
{
    Device device = devices[v / settings.ViewersPerPlot];
    viewers[v] = mqtt
        ? await MqttViewer.ConnectAsync(device, v % settings.ViewersPerPlot, settings.Port, TimeSpan.Zero, latencies, ct)
        : await SseViewer.ConnectAsync(device, paths[device.Index], settings.Port, latencies, ct);
});

Task[] reading = viewers.Select(viewer => Task.Run(() => viewer.RunAsync(stop.Token))).ToArray();
Task subscribed = Task.WhenAll(viewers.Select(viewer => viewer.Subscribed.Task));
if (await Task.WhenAny(subscribed, Task.Delay(TimeSpan.FromMinutes(5))) != subscribed)
{
    Console.Error.WriteLine($"only {viewers.Count(v => v.Subscribed.Task.IsCompleted)} of {viewers.Length} viewers were subscribed after 5 minutes");
    return 1;
}

// Waiting for "go": the devices keep their streams alive with heartbeats, as the firmware does when it has nothing to send.
TimeSpan silence = TimeSpan.FromSeconds(settings.HeartbeatSeconds);
using var heartbeats = new Timer(_ =>
{
    foreach (Device device in devices)
    {
        device.SendHeartbeatIfDue(silence);
    }
}, null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
await Task.Delay(TimeSpan.FromSeconds(settings.SilentSeconds));
Console.WriteLine($"ready {devices.Length} devices, {viewers.Length} viewers");
if (Console.ReadLine() != "go")
{
    return 1;
}

await heartbeats.DisposeAsync();
var schedule = new SendSchedule(devices, settings.IntervalMilliseconds);
long start = Stopwatch.GetTimestamp();
long end = start + (long)(settings.Seconds * Stopwatch.Frequency);
schedule.Run(start, end, threads: Math.Max(1, Environment.ProcessorCount));
double sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
await Task.Delay(settle);
Console.WriteLine("measured");
if (Console.ReadLine() != "end")
{
    return 1;
}

DeviceAnswer[] answers = new DeviceAnswer[devices.Length];
await Parallel.ForAsync(0, devices.Length, parallel, async (i, ct) =>
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    try
    {
        answers[i] = await devices[i].EndAsync(timeout.Token);
    }
    catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
    {
        answers[i] = default;
    }
});
await stop.CancelAsync();
await Task.WhenAll(reading);

long sent = devices.Sum(device => (long)device.Sent);
long accepted = answers.Sum(answer => answer.Accepted);
long expected = Enumerable.Range(0, devices.Length).Sum(i => answers[i].Accepted * settings.ViewersPerPlot);
var result = new Dictionary<string, object>
{
    ["sent"] = sent,
    ["accepted"] = accepted,
    ["dropped"] = answers.Sum(answer => answer.Dropped),
    ["answered"] = answers.Count(answer => answer.Answered && answer.Status is 0 or 200),
    ["heartbeatsSent"] = devices.Sum(device => (long)device.HeartbeatsSent),
    ["heartbeatsCounted"] = answers.Sum(answer => answer.Heartbeats),
    ["deliveries"] = viewers.Sum(viewer => viewer.Deliveries),
    ["expected"] = expected,
    ["repeated"] = viewers.Sum(viewer => viewer.Repeated),
    ["skippedTicks"] = schedule.SkippedTicks,
    ["sendSeconds"] = sendSeconds,
    ["p50"] = latencies.Percentile(0.50),
    ["p90"] = latencies.Percentile(0.90),
    ["p99"] = latencies.Percentile(0.99),
    ["max"] = latencies.MaxMilliseconds,
};
Console.WriteLine("result " + JsonSerializer.Serialize(result, new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }));
return 0;
