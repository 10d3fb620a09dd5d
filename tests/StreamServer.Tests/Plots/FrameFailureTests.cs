using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>Issue 13 item 2: a frame that cannot be written is logged once with the plot and the
/// reason and skipped, and the plot's frame timer goes on sending later frames. Validation keeps
/// unwritable values out of a real server, so the test makes one the only way left: it changes a point
/// (an object, as customdata allows) in the plot's window after the plot took it and before the frame
/// that carries the window is written.</summary>
public sealed class FrameFailureTests
{
    [Fact]
    public async Task AFrameThatCannotBeWrittenIsLoggedOnceAndLaterFramesStillGoOut()
    {
        var log = new RecordingLogger();
        var trace = new JsonObject { ["y"] = new JsonArray() };
        using var plot = new Plot("alice", 7, "frames", new JsonArray(trace), new JsonObject(), IPlotChangeListener.None) { Logger = log };
        using Subscription viewer = (await plot.SubscribeAsync(null))!;
        Assert.Equal("figure", (await viewer.ReadAsync()).Type);

        // Twice the same failure: one log line.
        await BreakAFrameAsync(plot, trace, log);
        await BreakAFrameAsync(plot, trace, log);

        plot.ApplyStreamObject([0], new JsonObject { ["y"] = 60 });

        SseEvent frame;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do
        {
            frame = await viewer.ReadAsync(timeout.Token);
        }
        while (frame.Type != "frame" || !frame.Data.Contains("\"y\""));

        Assert.Equal("[60]", JsonNode.Parse(frame.Data)!["traces"]![0]!["extend"]!["y"]!.ToJsonString());
        string error = Assert.Single(log.Errors);
        Assert.Contains("/~alice/7", error);
        Assert.Contains("this value cannot be written", error);
    }

    // The frame goes out 25 ms past a line of the 50 ms grid, so the change almost always comes first;
    // when the frame was quicker, the next attempt makes another.
    private static async Task BreakAFrameAsync(Plot plot, JsonObject trace, RecordingLogger log)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int failuresBefore = log.Failures;
            plot.ApplyStreamObject([0], new JsonObject { ["customdata"] = new JsonArray(new JsonObject { ["n"] = attempt }) });
            ((JsonObject)trace["customdata"]![0]!)["unwritable"] = JsonValue.Create(new Unwritable());
            await Task.Delay(4 * Plot.FrameIntervalMilliseconds);
            ((JsonObject)trace["customdata"]![0]!).Remove("unwritable");
            if (log.Failures > failuresBefore)
            {
                return;
            }
        }

        Assert.Fail("no frame failed in 20 attempts");
    }

    private sealed class Unwritable
    {
        public int Value => throw new InvalidOperationException("this value cannot be written");
    }

    /// <summary>Error lines, and every failure the plot saw (logged or not, read from its debug lines).</summary>
    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _errors = new();
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToList();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            if (message.Contains("failed and was skipped"))
            {
                Interlocked.Increment(ref _failures);
            }

            if (logLevel >= LogLevel.Error)
            {
                lock (_errors)
                {
                    _errors.Add(message);
                }
            }
        }
    }
}
