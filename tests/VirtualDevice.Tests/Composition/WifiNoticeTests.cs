using System.Text.RegularExpressions;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The serial log is what a user reads on a desk device: after a Wi-Fi drop it must say the connection was lost before
/// a stream says what the drop did to it, and that Wi-Fi is back before a stream says it reconnected. Each change is made
/// when a stream's connect is a moment away, so a status loop that noticed it late would log after that stream. A change
/// the network stack does not report is still noticed, by the status loop's slow poll; one it reports before the address
/// follows, by its looks in the second after the report.
/// </summary>
public sealed partial class WifiNoticeTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private const int Outages = 4;

    // Long enough for every connected stream's send into the dead link to fail (its buffer, then the 10 s send timeout).
    private const long LeastDownMilliseconds = 20_000;

    // A change is made when a stream's connect is due within this (the run's steps are 100 ms).
    private const int ImminentMilliseconds = 200;

    // The status loop's tick (StatusLedPattern.TickMilliseconds); the log's times are cut to 0.1 s, the changes fall on
    // the 100 ms steps, so a line a tick late still shows the change's own time.
    private const long NoticedWithinMilliseconds = 50;

    // The status loop's poll of the address (every 2 s) and a tick.
    private const long BackstopMilliseconds = 2000 + 50;

    // After a reported change the status loop looks again every 250 ms for a second, and a tick.
    private const long SettledMilliseconds = 1000 + 50;

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task TheLogSaysWifiWentAndCameBackBeforeAnyStreamSaysWhatThatDidToIt()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        var changes = new List<Change>();
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
            for (int outage = 0; outage < Outages; outage++)
            {
                // Down as a stream that found its connection dead after the last return is about to connect again (the
                // first time none is: down at the latest), after the connect the return was timed by has happened.
                long upAt = run.Time.Milliseconds;
                changes.Add(SwitchWhenAConnectIsDue(run, down: true, earliest: upAt + ImminentMilliseconds + 100, latest: upAt + 30_000));
                long downAt = run.Time.Milliseconds;
                changes.Add(SwitchWhenAConnectIsDue(run, down: false, earliest: downAt + LeastDownMilliseconds, latest: downAt + 90_000));
            }

            run.RunUntil(run.Time.Milliseconds + 70_000);
        });

        string[] lines = run.Log.Split('\n');
        int reconnectedWithinASecond = 0;
        foreach (Change change in changes)
        {
            string wifi = change.Down ? "Wi-Fi: connection lost" : "Wi-Fi: connected again";
            Regex stream = change.Down ? StreamFailed() : StreamReconnected();
            int wifiLine = FindFrom(lines, change.LineCount, line => line.Contains(wifi, StringComparison.Ordinal));
            int streamLine = FindFrom(lines, change.LineCount, stream.IsMatch);
            string context = $"network {(change.Down ? "down" : "up")} at {change.AtMilliseconds} ms; log:\n{run.Log}";
            Assert.True(wifiLine >= 0, $"no '{wifi}'; {context}");
            Assert.True(streamLine < 0 || wifiLine < streamLine, $"'{lines[Math.Max(streamLine, 0)]}' before '{wifi}'; {context}");
            Assert.True(SimulatedBoardRun.SecondsOf(lines[wifiLine]) * 1000 <= change.AtMilliseconds + NoticedWithinMilliseconds, $"'{lines[wifiLine]}' more than a tick late; {context}");
            if (!change.Down && streamLine >= 0 && SimulatedBoardRun.SecondsOf(lines[streamLine]) * 1000 <= change.AtMilliseconds + 1000)
            {
                reconnectedWithinASecond++;
            }
        }

        // The returns came as streams were about to connect: the order above was at stake.
        Assert.True(reconnectedWithinASecond > 0, $"no stream reconnected within a second of a return; log:\n{run.Log}");
        Assert.All(run.Run.Device.Streams, s => Assert.Equal(StreamState.Streaming, s.State));
        Assert.Equal("", run.Run.Board.RebootReason);
    }

    [Fact]
    public async Task AChangeTheNetworkStackDidNotReportIsStillNoticedByTheSlowPoll()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.ReportsChanges = false;
        const long DownAt = 40_000, UpAt = 70_000;
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(DownAt);
            run.Run.Board.SimulatedNetwork.IsDown = true;
            run.RunUntil(UpAt);
            run.Run.Board.SimulatedNetwork.IsDown = false;
            run.RunUntil(UpAt + 10_000);
        });

        string[] lines = run.Log.Split('\n');
        AssertLoggedWithin(lines, 0, "Wi-Fi: connection lost", DownAt, BackstopMilliseconds, run.Log);
        AssertLoggedWithin(lines, 0, "Wi-Fi: connected again", UpAt, BackstopMilliseconds, run.Log);
    }

    [Fact]
    public async Task AChangeReportedBeforeTheAddressFollowsIsNoticedWithinASecond()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.AddressLagMilliseconds = 300;
        // Four outages, each 500 ms later against the 2 s poll's beat than the one before: a status loop that left a
        // change the address did not show yet to the poll would notice at least one of them over a second late.
        long[] downAt = [40_000, 80_500, 121_000, 161_500];
        await Task.Run(() =>
        {
            run.Start();
            foreach (long down in downAt)
            {
                run.RunUntil(down);
                run.Run.Board.SimulatedNetwork.IsDown = true;
                run.RunUntil(down + 20_000);
                run.Run.Board.SimulatedNetwork.IsDown = false;
            }

            run.RunUntil(downAt[^1] + 30_000);
        });

        string[] lines = run.Log.Split('\n');
        int from = 0;
        foreach (long down in downAt)
        {
            from = AssertLoggedWithin(lines, from, "Wi-Fi: connection lost", down, SettledMilliseconds, run.Log);
            from = AssertLoggedWithin(lines, from, "Wi-Fi: connected again", down + 20_000, SettledMilliseconds, run.Log);
        }
    }

    // The first line from start on that holds text was logged within withinMilliseconds of the change; returns the line after it.
    private static int AssertLoggedWithin(string[] lines, int start, string text, long fromMilliseconds, long withinMilliseconds, string log)
    {
        int line = FindFrom(lines, start, candidate => candidate.Contains(text, StringComparison.Ordinal));
        Assert.True(line >= 0, $"no '{text}' after the change at {fromMilliseconds} ms; log:\n{log}");
        double at = SimulatedBoardRun.SecondsOf(lines[line]) * 1000;
        Assert.True(at >= fromMilliseconds && at <= fromMilliseconds + withinMilliseconds, $"'{lines[line]}': the change was at {fromMilliseconds} ms; log:\n{log}");
        return line + 1;
    }

    // Runs on in the run's steps until, at or after earliest, a stream waiting to reconnect is due to try within
    // ImminentMilliseconds (or latest has come), then takes the network down or brings it back.
    private static Change SwitchWhenAConnectIsDue(SimulatedBoardRun run, bool down, long earliest, long latest)
    {
        while (true)
        {
            run.RunUntil(run.Time.Milliseconds + 100);
            long now = run.Time.Milliseconds;
            bool connectDue = run.Run.Device.Streams.Any(s => s.State == StreamState.WaitingToReconnect
                && s.MillisecondsUntilNextWork() is > 0 and <= ImminentMilliseconds);
            if (now >= latest || (now >= earliest && connectDue))
            {
                int lineCount = run.Log.Split('\n').Length;
                run.Run.Board.SimulatedNetwork.IsDown = down;
                return new Change(now, down, lineCount);
            }
        }
    }

    private static int FindFrom(string[] lines, int start, Func<string, bool> matches)
    {
        for (int i = start; i < lines.Length; i++)
        {
            if (matches(lines[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // PlotStream's lines: a failure schedules the next attempt; a connection after the first says it is a reconnection.
    [GeneratedRegex(@"\] Stream \w+: .*; reconnecting in \d+ ms$")]
    private static partial Regex StreamFailed();

    [GeneratedRegex(@"\] Stream \w+: connected to .* \(reconnection \d+\)$")]
    private static partial Regex StreamReconnected();

    private sealed record Change(long AtMilliseconds, bool Down, int LineCount);
}
