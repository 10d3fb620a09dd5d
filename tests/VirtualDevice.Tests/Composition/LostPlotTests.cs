using System.Globalization;
using System.Text.RegularExpressions;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A board left running while its plot is lost: its stream server is replaced by one that has never heard of the plot (a
/// fresh data directory: a reinstalled server, a lost disk), or the plot's owner deletes it. The server answers every
/// token with 404; the device keeps trying them and makes its plot again with its account, and the plot fills again
/// without anyone touching the board. And a board that could not make its plot at start-up because the server was down:
/// once the server answers, it makes it, even when the server still has it and refuses no token.
/// </summary>
public sealed class LostPlotTests : IDisposable
{
    private const string DemoKey = "lost-plot-test-key-0001";
    private readonly List<string> _dataDirectories = [];
    private readonly List<StreamServerHost> _servers = [];

    [Fact]
    public async Task AServerThatLostThePlotGetsItAgainAndTheStreamsGoOn()
    {
        StreamServerHost first = await StartServerAsync("http://127.0.0.1:0");
        string url = first.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        using var run = new SimulatedBoardRun(url, DemoKey);
        await RunWhileTheServerIsReplacedAsync(run, first);

        // Three streams refused at once make one plot, not three.
        Assert.Equal(1, run.Run.Device.Plot!.Remakes);
        await AssertThePlotFillsAgainAsync(run, url);
    }

    [Fact]
    public async Task APlotItsOwnerDeletedIsMadeAgainAndTheStreamsGoOn()
    {
        string url = await ServeForTheWholeTestAsync();
        using var run = new SimulatedBoardRun(url, DemoKey);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
        });
        string deleted = run.Run.Device.PlotUrl;

        // The owner deletes it (the board's account is the demo user); the streams are answered 403, then 404.
        await PlotOwner.DeleteAsync(deleted, DemoKey);
        await Task.Run(() => run.RunUntil(30_000 + 180_000));

        Assert.Equal(1, run.Run.Device.Plot!.Remakes);
        Assert.NotEqual(deleted, run.Run.Device.PlotUrl); // a new number: the deleted one is never given again
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(System.Net.HttpStatusCode.Gone, (await http.GetAsync(deleted + ".json")).StatusCode);
        await AssertThePlotFillsAgainAsync(run, url);
    }

    [Fact]
    public async Task ARemakeWhoseThreadCouldNotStartIsTriedAgain()
    {
        StreamServerHost first = await StartServerAsync("http://127.0.0.1:0");
        string url = first.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        FailingThreadStart threads = null!;
        // The board's threads are the run's simulated time, which is its clock too: the first remake (after 30 s) fails to start.
        using var run = new SimulatedBoardRun(url, DemoKey, wrapThreads: time =>
            threads = new FailingThreadStart(time, loop => loop is PlotCreation && ((SimulatedTime)time).Milliseconds > 30_000));
        await RunWhileTheServerIsReplacedAsync(run, first);

        Assert.Equal(1, threads.Failed);
        Assert.Contains("Plot: the plot creation could not start: OutOfMemoryException", run.Log);
        // The one that could not start held nothing off: the next refusal after a minute made the plot.
        Assert.Equal(2, run.Run.Device.Plot!.Remakes);
        await AssertThePlotFillsAgainAsync(run, url);
    }

    [Fact]
    public async Task AfterAServerGoneForTenMinutesComesBackEmptyTheStreamsGoOnAsSoonAsThePlotIsMadeAgain()
    {
        StreamServerHost first = await StartServerAsync("http://127.0.0.1:0");
        string url = first.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        using var run = new SimulatedBoardRun(url, DemoKey);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
        });

        // Gone for ten minutes: every stream's back-off grows to its cap, a try every 30 to 60 s.
        await first.DisposeAsync();
        await Task.Run(() => run.RunUntil(30_000 + 600_000));
        _servers.Add(await StartServerAsync(url));
        await Task.Run(() => run.RunUntil(30_000 + 600_000 + 180_000));

        await AssertThePlotFillsAgainAsync(run, url);
        string[] lines = run.Log.Split('\n');
        double remade = SimulatedBoardRun.SecondsOf(lines.First(line => line.Contains("Plot (made again): ")));
        int refusedStreams = 0;
        foreach (var stream in run.Run.Device.Streams)
        {
            string name = "Stream " + stream.Name + ": ";
            double connected = SimulatedBoardRun.SecondsOf(lines.First(line => line.StartsWith('[') && line.Contains(name + "connected to ") && SimulatedBoardRun.SecondsOf(line) >= remade));
            if (lines.Any(line => line.Contains(name + "the server answered 404") && SimulatedBoardRun.SecondsOf(line) < remade))
            {
                // Waiting out the rest of the back-off left the streams refused for up to a minute after the plot was made again.
                refusedStreams++;
                Assert.True(connected - remade <= 5, $"stream {stream.Name} connected {connected - remade:0.0} s after the plot was made again; log:\n{run.Log}");
            }
            else
            {
                // A stream whose back-off (random, up to a minute) had it try nothing since the server came back waits
                // after a failed connect, which the plot's remake leaves as it is (PlotStream.RetryRefusedTokenNow): it
                // connects when its back-off said, to the tenth of a second the log gives.
                string failed = lines.Last(line => line.Contains(name + "could not connect") && SimulatedBoardRun.SecondsOf(line) < remade);
                double due = SimulatedBoardRun.SecondsOf(failed) + int.Parse(Regex.Match(failed, @"reconnecting in (\d+) ms").Groups[1].Value, CultureInfo.InvariantCulture) / 1000.0;
                Assert.True(Math.Abs(connected - due) <= 0.15, $"stream {stream.Name} connected at {connected} s, its back-off said {due:0.00} s; log:\n{run.Log}");
            }
        }

        Assert.True(refusedStreams > 0, $"the plot is made again after a refusal; log:\n{run.Log}");
    }

    [Fact]
    public async Task APlotStartUpCouldNotMakeWhileTheServerWasDownIsMadeOnceTheServerAnswers()
    {
        // The server has the plot from before this boot, so when it is back no token is refused: only a connection says so.
        string directory = NewDataDirectory();
        StreamServerHost earlier = await StartServerAsync("http://127.0.0.1:0", directory);
        string url = earlier.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        using var run = new SimulatedBoardRun(url, DemoKey);
        PlotCreationAnswer before = run.Run.Board.PlotCreator.Create(ServerAddress.Parse(url), run.PlotRequest(DemoKey));
        Assert.True(before.Succeeded, before.Failure);
        await earlier.DisposeAsync();

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(60_000);
        });
        Assert.Contains("Plot: creating the plot at " + url, run.Log);
        Assert.Equal("", run.Run.Device.PlotUrl);

        _servers.Add(await StartServerAsync(url, directory));
        await Task.Run(() => run.RunUntil(60_000 + 120_000));

        Assert.Contains("Plot: the last try to make it failed on the server's side and stream ", run.Log);
        Assert.Contains("Plot (made again): " + url + "/p/", run.Log);
        Assert.StartsWith(url + "/p/", run.Run.Device.PlotUrl);
        Assert.Equal(1, run.Run.Device.Plot!.Remakes); // once, though every stream connected
        Assert.DoesNotContain("Plot: the server has refused the token", run.Log);
        Assert.True(run.Run.Device.Streams.All(stream => stream.State == StreamState.Streaming), $"every stream should stream; log:\n{run.Log}");
        Assert.Equal("", run.Run.Board.RebootReason);
    }

    // Start-up's creation could not start its thread (a full heap): it never ran, so it must not count as a creation under
    // way, or the status loop would wait for it forever and the link would never be made or logged.
    [Fact]
    public async Task APlotWhoseStartUpCreationCouldNotStartIsMadeOnceTheStreamsConnect()
    {
        string url = await ServeForTheWholeTestAsync();
        FailingThreadStart threads = null!;
        using var run = new SimulatedBoardRun(url, DemoKey, wrapThreads: time => threads = new FailingThreadStart(time, loop => loop is PlotCreation));
        Assert.True(run.Run.Board.PlotCreator.Create(ServerAddress.Parse(url), run.PlotRequest(DemoKey)).Succeeded); // the tokens are known

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(60_000);
        });

        Assert.Equal(1, threads.Failed);
        Assert.Contains("Plot: the plot creation could not start: OutOfMemoryException", run.Log);
        Assert.Contains("Plot: the last try to make it failed on the server's side and stream ", run.Log);
        Assert.Contains("Plot (made again): " + url + "/p/", run.Log);
        Assert.StartsWith(url + "/p/", run.Run.Device.PlotUrl);
        Assert.Equal(1, run.Run.Device.Plot!.Remakes);
    }

    // Start-up's creation waits a minute for a server that then fails it (503), while the streams, refused by a server
    // that has no plot, have the plot made again meanwhile: the late failure must not undo the plot that was made.
    [Fact]
    public async Task AStartUpCreationThatFailsAfterARemakeMadeThePlotLeavesThePlotAsItIs()
    {
        string url = await ServeForTheWholeTestAsync();
        await using var failing = new ServiceUnavailableServer();
        using var run = new SimulatedBoardRun(url, DemoKey);
        run.Run.Board.PlotCreator = new FailingFirstPlotCreator(new SlowPlotCreator(run.Run.Board.PlotCreator, run.Time, 60_000), ServerAddress.Parse(failing.Url), 1);

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(90_000);
        });

        Assert.Contains("Plot (made again): " + url + "/p/", run.Log);
        Assert.Contains("Plot: an earlier try to make it failed: the server answered HTTP 503", run.Log);
        Assert.DoesNotContain("Plot: the server answered HTTP 503", run.Log);
        Assert.Equal("", run.Run.Device.PlotProblem);
        Assert.StartsWith(url + "/p/", run.Run.Device.PlotUrl);
        Assert.True(run.Run.Device.Streams.All(stream => stream.State == StreamState.Streaming), $"every stream should stream; log:\n{run.Log}");
    }

    // The streams connect while the server fails plot creation (503 twice: at start-up, and at the streams' first
    // connection), then stay connected and report nothing. Before, nothing asked again until a stream reconnected, so the
    // link was never logged; now the status loop asks, a minute after the last try.
    [Fact]
    public async Task APlotTheServerFailedToMakeIsTriedAgainAMinuteLaterWhileTheStreamsStayConnected()
    {
        string url = await ServeForTheWholeTestAsync();
        await using var failing = new ServiceUnavailableServer();
        using var run = new SimulatedBoardRun(url, DemoKey);
        Assert.True(run.Run.Board.PlotCreator.Create(ServerAddress.Parse(url), run.PlotRequest(DemoKey)).Succeeded); // the tokens are known
        var creator = new FailingFirstPlotCreator(run.Run.Board.PlotCreator, ServerAddress.Parse(failing.Url), 2);
        run.Run.Board.PlotCreator = creator;

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
        });
        Assert.Equal(2, creator.Requests); // start-up's and the first connection's, both answered 503
        Assert.Equal("", run.Run.Device.PlotUrl);
        await Task.Run(() => run.RunUntil(30_000 + 60_000));

        Assert.Equal(3, creator.Requests);
        Assert.Equal(2, run.Log.Split('\n').Count(line => line.Contains("Plot: the server answered HTTP 503.", StringComparison.Ordinal)));
        Assert.Contains("Plot (made again): " + url + "/p/", run.Log);
        Assert.Equal(2, run.Run.Device.Plot!.Remakes);
        Assert.True(run.Run.Device.Streams.All(stream => stream.State == StreamState.Streaming && stream.Reconnects == 0), $"every stream should stream, never reconnected; log:\n{run.Log}");
    }

    [Fact]
    public async Task APlotStartUpWasRefusedIsNotAskedForAgainWhenTheStreamsConnect()
    {
        // A wrong key is the configuration's to fix: asking again at every connection would be refused again, in a loop.
        string url = await ServeForTheWholeTestAsync();
        using var run = new SimulatedBoardRun(url, "not-the-key");
        Assert.True(run.Run.Board.PlotCreator.Create(ServerAddress.Parse(url), run.PlotRequest(DemoKey)).Succeeded); // the tokens are known
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(180_000);
        });

        Assert.Contains("Check server.user and server.apiKey.", run.Log);
        Assert.True(run.Run.Device.Streams.All(stream => stream.State == StreamState.Streaming), $"every stream should stream; log:\n{run.Log}");
        Assert.Equal(0, run.Run.Device.Plot!.Remakes);
        Assert.DoesNotContain("Plot: the last try to make it failed on the server's side", run.Log);
    }

    // The time since power-on a log line begins with ("[   123.4 s] ...").
    // Streams 30 s to first, replaces it at the same address by a server with nothing stored, and runs 3 minutes more.
    private async Task RunWhileTheServerIsReplacedAsync(SimulatedBoardRun run, StreamServerHost first)
    {
        string url = first.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
        });
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(StreamState.Streaming, stream.State));

        // The same address, a server with nothing stored: the streams' connections end, and every token is unknown there.
        await first.DisposeAsync();
        _servers.Add(await StartServerAsync(url));
        await Task.Run(() => run.RunUntil(30_000 + 180_000));
    }

    private static async Task AssertThePlotFillsAgainAsync(SimulatedBoardRun run, string url)
    {
        Assert.True(run.Run.Device.Streams.All(stream => stream.State == StreamState.Streaming),
            $"every stream should stream again; log:\n{run.Log}");
        Assert.Contains("It does not know the token", run.Log);
        Assert.Contains("Plot: the server has refused the token of stream", run.Log);
        Assert.Contains("Plot (made again): " + url, run.Log);
        // The advice is given once for each stream's run of refusals, not at every try.
        int advice = run.Log.Split('\n').Count(line => line.Contains("That stream tries its token again"));
        Assert.InRange(advice, 1, run.Run.Device.Streams.Length);
        Assert.Equal("", run.Run.Board.RebootReason);

        // The new server's plot holds the pulse again: the first window after the remake and the points since.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        PlotJson pulse = PlotJson.Trace(await http.GetStringAsync(run.Run.Device.PlotUrl + ".json"), 0);
        Assert.True(pulse.Y.Length >= 100, $"the new server's pulse trace has {pulse.Y.Length} points; log:\n{run.Log}");
        run.AssertHeartRate(75);
    }

    public void Dispose()
    {
        foreach (StreamServerHost host in _servers)
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        foreach (string directory in _dataDirectories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string NewDataDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("virtual-device-lost-plot-").FullName;
        _dataDirectories.Add(directory);
        return directory;
    }

    // A server on a free port that runs until the test ends (Dispose stops it); its address.
    private async Task<string> ServeForTheWholeTestAsync()
    {
        StreamServerHost server = await StartServerAsync("http://127.0.0.1:0");
        _servers.Add(server);
        return server.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
    }

    // A server as EmbeddedServer starts it (no throttle, a larger guess burst: the device runs on a simulated clock), with
    // a fixed demo key so the device's account is the same on both; with nothing stored unless given the directory of
    // one that stopped.
    private async Task<StreamServerHost> StartServerAsync(string url, string? dataDirectory = null)
    {
        string directory = dataDirectory ?? NewDataDirectory();
        return await StreamServerHost.StartAsync(new StreamServerOptions
        {
            Urls = [url],
            HttpsPort = null,
            DataDirectory = directory,
            ThrottleMilliseconds = 0,
            LogLevel = LogLevel.Warning,
            Users = new Dictionary<string, string> { [StreamServerHost.DemoUser] = DemoKey },
            GuessBurst = EmbeddedServer.SimulatedTimeGuessBurst,
        });
    }
}
