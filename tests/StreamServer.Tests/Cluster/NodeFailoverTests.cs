using HeartRateStreamer.StreamServer.LoadBenchmark;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>Issue 17's failover scenario: two nodes as processes of their own (so one can be killed with SIGKILL) on one
/// PostgreSQL database and one Redis, HAProxy in front, a device that reconnects through HAProxy and resends its window as
/// the firmware does, and a viewer on the node that survives.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeFailoverTests(PostgresServer postgres)
{
    private const int Points = 160;
    private const int KillAfter = 40;

    [Fact]
    public async Task Killing_the_node_that_holds_the_device_costs_viewers_elsewhere_no_more_than_the_reconnection_and_loses_no_plot()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        string store = await postgres.NewDatabaseAsync();
        string[] folders = [TestServer.NewDataDirectory(), TestServer.NewDataDirectory()];
        int[] proxyPorts = [LoopbackPort.Free(), LoopbackPort.Free()];
        string[] Arguments(int node) => ["--data", folders[node], "--store", store, "--cluster", redis.Address, "--user", $"{TestServer.Alice}:{TestServer.AliceKey}",
            "--proxy-protocol-port", proxyPorts[node].ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var nodes = new List<ServerProcess> { await ServerProcess.StartAsync(Arguments(0)), await ServerProcess.StartAsync(Arguments(1)) };
        try
        {
            await using HaproxyServer proxy = await HaproxyServer.StartAsync(proxyPorts);
            using var first = new HttpClient { BaseAddress = nodes[0].BaseUrl };
            string link = await TestServer.CreatePlotAsync(first, Token);
            using var second = new HttpClient { BaseAddress = nodes[1].BaseUrl };
            await Eventually.TrueAsync(async () => (await second.GetAsync(link + ".json")).IsSuccessStatusCode, "the other node serves the plot");

            // The device streams through HAProxy; the viewer watches on the node that does not hold the device.
            var clock = Stopwatch.StartNew();
            var device = new ReconnectingDevice(proxy.Port, clock);
            await device.StartAsync();
            for (int x = 1; x <= 5; x++)
            {
                await device.SendAsync(x);
                await Task.Delay(CadenceMilliseconds);
            }

            int holder = await HolderAsync(nodes);
            ServerProcess survivor = nodes[1 - holder];
            using var http = new HttpClient { BaseAddress = survivor.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
            await using SseReader viewer = await SseReader.OpenAsync(http, link + "/events");
            var seen = new List<(TimeSpan At, SseItem<string> Item)>();
            Task watching = Task.Run(async () =>
            {
                while (await viewer.MoveNextOrEndAsync())
                {
                    lock (seen)
                    {
                        seen.Add((clock.Elapsed, viewer.Current));
                    }
                }
            });

            // A second viewer watches on the node that will die; its browser will resume on the survivor.
            using var onHolderHttp = new HttpClient { BaseAddress = nodes[holder].BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
            await using SseReader holderViewer = await SseReader.OpenAsync(onHolderHttp, link + "/events");
            var seenOnHolder = new List<SseItem<string>>();
            Task watchingHolder = Task.Run(async () =>
            {
                try
                {
                    while (await holderViewer.MoveNextOrEndAsync())
                    {
                        lock (seenOnHolder)
                        {
                            seenOnHolder.Add(holderViewer.Current);
                        }
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException)
                {
                    // the node was killed under it
                }
            });

            TimeSpan killedAt = TimeSpan.Zero;
            DateTimeOffset beforeLastPoint = DateTimeOffset.MaxValue;
            for (int x = 6; x <= Points; x++)
            {
                if (x == Points)
                {
                    beforeLastPoint = DateTimeOffset.UtcNow; // the last point's save comes after this, however soon
                }

                if (x == KillAfter)
                {
                    killedAt = clock.Elapsed;
                    nodes[holder].Process.Kill(); // SIGKILL: no goodbye to HAProxy, Redis or the device
                }

                await device.SendAsync(x);
                await Task.Delay(CadenceMilliseconds);
            }

            TimeSpan reconnection = device.ResumedAt - killedAt;
            Assert.Equal(200, await device.EndAsync());
            await Eventually.TrueAsync(() => Task.FromResult(Snapshot(seen).SelectMany(e => XValues(e.Item)).Contains(Points)), "the viewer saw the last point");

            // No gap longer than the reconnection (from the kill to the device's window resent through HAProxy), with a wide
            // margin for a busy 2-core machine.
            List<(TimeSpan At, SseItem<string> Item)> events = Snapshot(seen).Where(e => XValues(e.Item).Any()).ToList();
            TimeSpan longestGap = events.Zip(events.Skip(1), (before, after) => after.At - before.At).Max();
            Assert.True(longestGap <= reconnection + TimeSpan.FromSeconds(2),
                $"the viewer waited {longestGap.TotalMilliseconds:F0} ms for data; the device took {reconnection.TotalMilliseconds:F0} ms from the kill to reconnect and resend");
            Assert.True(device.Reconnections >= 1, "the device had to reconnect");
            // The dead node's viewer resumes through HAProxy with Last-Event-ID: the events it missed, with the ids the
            // survivor's viewer got, and no snapshot. (It resumes from the last event that reached the cluster: one the dead
            // node sent its own viewer in the instant before its Redis write would get a snapshot instead.)
            await watchingHolder;
            List<string> survivorIds = Snapshot(seen).Select(e => e.Item.EventId!).ToList();
            SseItem<string> lastShared = Snapshot(seenOnHolder).Last(e => survivorIds.Contains(e.EventId!));
            using var viaProxy = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}"), Timeout = Timeout.InfiniteTimeSpan };
            await using (SseReader resumed = await SseReader.OpenAsync(viaProxy, link + "/events", lastEventId: lastShared.EventId))
            {
                List<SseItem<string>> caughtUp = await ReadUntilXAsync(resumed, Points);
                List<SseItem<string>> expected = Snapshot(seen).Select(e => e.Item).SkipWhile(e => e.EventId != lastShared.EventId).Skip(1).Take(caughtUp.Count).ToList();
                Assert.Equal(expected.Select(e => (e.EventId, e.EventType, e.Data)), caughtUp.Select(e => (e.EventId, e.EventType, e.Data)));
            }

            IEnumerable<int> kept = await FigureXAsync(http, link);
            Assert.True(kept.SequenceEqual(Enumerable.Range(1, Points)), $"the survivor holds x = {string.Join(",", kept)}; its log:\n{survivor.Output}");

            // The survivor saves behind (about a second): a save after the last point, with nothing left to save; then the
            // killed node starts again on the same store and has the plot.
            await Eventually.TrueAsync(async () =>
            {
                JsonNode persistence = JsonNode.Parse(await http.GetStringAsync("/healthz"))!["persistence"]!;
                return (int)persistence["pendingPlots"]! == 0 && persistence["lastSavedAt"] is JsonNode saved && saved.GetValue<DateTimeOffset>() > beforeLastPoint;
            }, "the survivor saved the plot");
            nodes[holder] = await ServerProcess.StartAsync(Arguments(holder));
            using var restarted = new HttpClient { BaseAddress = nodes[holder].BaseUrl };
            Assert.Equal(Enumerable.Range(1, Points), await FigureXAsync(restarted, link));
            await viewer.DisposeAsync();
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            foreach (ServerProcess node in nodes)
            {
                await node.DisposeAsync();
            }

            foreach (string folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static async Task<IEnumerable<int>> FigureXAsync(HttpClient http, string link)
    {
        JsonNode figure = JsonNode.Parse(await http.GetStringAsync(link + ".json"))!;
        return figure["data"]![0]!["x"]!.AsArray().Select(x => (int)x!).ToList();
    }

    // The node that holds the device's connection: the one that logged it (every node's /streams shows it connected).
    private static async Task<int> HolderAsync(IReadOnlyList<ServerProcess> nodes)
    {
        int holder = -1;
        await Eventually.TrueAsync(() =>
        {
            holder = nodes.ToList().FindIndex(node => node.Output.Contains("traces [0] connected", StringComparison.Ordinal));
            return Task.FromResult(holder >= 0);
        }, "one node holds the device's stream");
        return holder;
    }

    /// <summary>A device as the firmware behaves: one object per write; when the connection fails, it connects again (here
    /// through HAProxy) and resends its whole window as one array object, then goes on.</summary>
    private sealed class ReconnectingDevice(int port, Stopwatch clock)
    {
        private readonly List<int> _sent = new();
        private RawConnection? _connection;

        /// <summary>When (on the test's clock) the device last had its window resent after a reconnection.</summary>
        public TimeSpan ResumedAt { get; private set; }

        public int Reconnections { get; private set; }

        public async Task StartAsync() => _connection = await ConnectAsync(port);

        public async Task SendAsync(int x)
        {
            _sent.Add(x);
            try
            {
                await SendPointAsync(_connection!, x);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                await _connection!.DisposeAsync();
                _connection = await ConnectAsync(port);
                string window = string.Join(",", _sent);
                await _connection.SendAsync(RawHttp.Chunk($"{{\"x\":[{window}],\"y\":[{string.Join(",", _sent.Select(v => v * 2))}]}}\n"));
                Reconnections++;
                ResumedAt = clock.Elapsed;
            }
        }

        public async Task<int> EndAsync()
        {
            await _connection!.SendAsync("0\r\n\r\n");
            int status = (await _connection.ReadToEndAsync()).Status;
            await _connection.DisposeAsync();
            return status;
        }
    }
}
