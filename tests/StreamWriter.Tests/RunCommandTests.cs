using System.Text.Json;
using HeartRateStreamer.StreamWriter.Tests.Infrastructure;
using VirtualDeviceProgram = HeartRateStreamer.VirtualDevice.Program;

namespace HeartRateStreamer.StreamWriter.Tests;

// The stream server's top-level Program sits in the global namespace, so the virtual device's gets an alias.

/// <summary>`virtual-device run` end to end against the strict loopback server (a few real seconds: run is real time).</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly LoopbackStreamServer _server = new();

    [Fact]
    public void StreamsTheSimulatedSensorAndEndsEveryStreamProperly()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = VirtualDeviceProgram.Dispatch(
            ["run", "--server", $"http://127.0.0.1:{_server.Port}", "--token", "pulse-token", "--bpm-token", "heart-rate-token", "--duration", "3"],
            output,
            error);

        Assert.True(exitCode == 0, "exit code " + exitCode + "; errors: " + error);
        Assert.True(_server.WaitForConnections(2, TimeSpan.FromSeconds(5)));
        RecordedRequest pulse = RequestFor("pulse-token");
        RecordedRequest heartRate = RequestFor("heart-rate-token");
        Assert.True(pulse.WaitUntil(r => r.Closed, TimeSpan.FromSeconds(5)) && heartRate.WaitUntil(r => r.Closed, TimeSpan.FromSeconds(5)));
        Assert.Equal("", pulse.Error);
        Assert.True(pulse.Ended && heartRate.Ended, "both bodies ended with the last chunk");
        Assert.InRange(pulse.Objects.Count, 10, 61);  // real time on a shared machine: the rate itself is tested on a manual clock
        // The device measures from power-on, so its first object on a new connection may be the window of what it
        // measured while connecting (arrays); every single point after it carries a date.
        Assert.All(pulse.Objects.Skip(1), o => Assert.Equal(JsonValueKind.String, JsonDocument.Parse(o).RootElement.GetProperty("x").ValueKind));
        Assert.NotEmpty(heartRate.Objects);
        // The virtual device is the firmware's own device: it names itself as the board does.
        Assert.StartsWith("HeartRateStreamer/", pulse.Field("User-Agent"));

        string log = output.ToString();
        // The status line gives the reading as the board's log words it (ReadingText), then the streams and the LED.
        Assert.True(log.Split('\n').Count(line => line.Contains("] heart rate ") && line.Contains(" | pulse ") && line.Contains(" | LED ")) >= 2, "a status line every second:\n" + log);
        Assert.Contains("Stream pulse: ended with the last chunk; the server answered 200 OK", log);
        Assert.Contains("Stream heart rate: ended with the last chunk; the server answered 200 OK", log);
    }

    [Fact]
    public void StopsWithExitCodeOneWhenTheServerKnowsNoneOfItsTokens()
    {
        _server.Script(ServerBehavior.AnswerAfterHead(404));
        var output = new StringWriter();

        int exitCode = VirtualDeviceProgram.Dispatch(["run", "--server", $"http://127.0.0.1:{_server.Port}", "--token", "unknown-stream-token", "--duration", "30"], output, new StringWriter());

        Assert.Equal(1, exitCode);
        Assert.Contains("It does not know the token (20 characters)", output.ToString());
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Theory]
    [InlineData(new[] { "--token", "t" }, "no server given")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1" }, "no stream token given")]
    [InlineData(new[] { "--server", "ftp://h", "--token", "t" }, "--server 'ftp://h': The server address 'ftp://h' uses the scheme 'ftp'")]
    [InlineData(new[] { "--server", "http://h", "--token", "pulse-token-1", "--heartbeat-seconds", "60" }, "--heartbeat-seconds '60': 60 is out of range; allowed: 1 to 59.")]
    [InlineData(new[] { "--server", "http://h", "--token", "t", "--fast" }, "Unrecognized command or argument '--fast'")]
    public void SaysWhatIsWrongWithTheOptions(string[] options, string message)
    {
        var error = new StringWriter();

        int exitCode = VirtualDeviceProgram.Dispatch(["run", .. options], new StringWriter(), error);

        Assert.Equal(VirtualDeviceProgram.UsageExitCode, exitCode);
        Assert.Contains(message, error.ToString());
        Assert.Contains("Usage:\n  virtual-device run [options]", error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void SaysARecordingIsNotThereWithoutTheUsage()
    {
        // A file's problem, not the command line's: the usage used to follow and bury the message.
        var error = new StringWriter();

        int exitCode = VirtualDeviceProgram.Dispatch(["run", "--server", "http://h", "--token", "t", "--source", "/no/such.csv"], new StringWriter(), error);

        Assert.Equal(VirtualDeviceProgram.UsageExitCode, exitCode);
        Assert.Contains("--source /no/such.csv: no such file; give a CSV recording or 'synthetic'.", error.ToString());
        Assert.DoesNotContain("Usage:", error.ToString());
    }

    public void Dispose() => _server.Dispose();

    private RecordedRequest RequestFor(string token)
    {
        for (int i = 0; i < _server.ConnectionCount; i++)
        {
            RecordedRequest request = _server.Request(i);
            if (request.WaitUntil(r => r.HeadReceived, TimeSpan.FromSeconds(5)) && request.Field("plotly-streamtoken") == token)
            {
                return request;
            }
        }

        throw new InvalidOperationException("no connection carried the token " + token);
    }
}
