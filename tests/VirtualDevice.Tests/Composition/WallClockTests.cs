using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's calendar clock as SNTP gives it: unset at power-on, set later, then corrected. Until it is set the points
/// carry milliseconds since boot; once it is, the windows are resent with dates, so the plot holds dates only and in order,
/// and a later correction is followed in small steps that keep the points in order.
/// </summary>
public sealed class WallClockTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private const long ClockSetAtMilliseconds = 45_000; // past start-up's 30 s wait for SNTP (time.timeoutSeconds)

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task AClockSetAfterStartUpRewritesThePlotWithDatesFromPowerOn()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.WallClock.SetAtMilliseconds = ClockSetAtMilliseconds;
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(ClockSetAtMilliseconds + 25_000);
        });

        Assert.Contains("Time: the clock is not set;", run.Log);
        Assert.Contains("Time: the clock is set now; points carry UTC dates from here on", run.Log);
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(StreamState.Streaming, stream.State));

        // Every x reads as a date (PlotJson parses nothing else), in order; the heart rate's first readings, made while
        // the clock was unset, are among them with the dates they were made at.
        long powerOn = run.Run.Board.WallClock.UtcNowUnixMilliseconds - run.Time.Milliseconds;
        PlotJson heartRate = await run.HeartRateTraceAsync();
        AssertInOrder(heartRate);
        Assert.InRange(heartRate.XMilliseconds[0] - powerOn, 0, ClockSetAtMilliseconds - 10_000);
        Assert.InRange(heartRate.XMilliseconds[^1] - powerOn, ClockSetAtMilliseconds, ClockSetAtMilliseconds + 25_000);
        Assert.Equal("", run.Run.Board.RebootReason);
    }

    [Fact]
    public async Task ACorrectionOfTheClockIsFollowedInStepsThatKeepThePointsInOrder()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(30_000);
            run.Run.Board.WallClock.Correct(-2_000); // SNTP finds the clock 2 s fast
            run.RunUntil(60_000);
        });

        // Logged after the first step: what is left of the 2 s.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Log, "Time: the clock was corrected by -19[0-9]0 ms; point times follow it by "
            + StreamTimeBase.MaximumSteerMilliseconds + " ms every [0-9]+ s, so they stay in order"), run.Log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        PlotJson pulse = PlotJson.Trace(await http.GetStringAsync(run.Run.Device.PlotUrl + ".json"), 0);
        AssertInOrder(pulse);
        Assert.Equal("", run.Run.Board.RebootReason);
    }

    private static void AssertInOrder(PlotJson trace)
    {
        Assert.NotEmpty(trace.XMilliseconds);
        for (int i = 1; i < trace.XMilliseconds.Length; i++)
        {
            Assert.True(trace.XMilliseconds[i] > trace.XMilliseconds[i - 1], $"{trace.Name}: point {i} at {trace.XMilliseconds[i]} is not after {trace.XMilliseconds[i - 1]}");
        }
    }
}
