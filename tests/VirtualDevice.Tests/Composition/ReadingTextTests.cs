using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The reading in words (`ReadingText`), as the board's log and the virtual device's status line both give it: only what
/// is measured. A phone camera's recording has no red channel, so it has no SpO2 (played as red too, the estimator's
/// figure would be the ratio of one channel with itself), while heart rate and heart-rate variability are there.
/// </summary>
public sealed class ReadingTextTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>, IDisposable
{
    private readonly TemporaryFiles _files = new();

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ARecordingWithoutRedShowsHeartRateAndVariabilityButNoSpO2()
    {
        var pulse = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 70, SampleRateHz = 30.0, NoiseRatio = 0.02 };
        SyntheticRecording recording = SyntheticRecording.CreateCamera(pulse, 60.0, light => (200.0 * light, 0.0, 5.0));
        string path = _files.Write("PPG.csv", recording.Csv);
        using var run = new SimulatedBoardRun(ServerUrl, server.Key, scene: new SensorScene { SourceFile = path });
        string status = "";

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(50_000);
            status = run.Run.Status();
            run.End();
        });

        Assert.Matches(@"Reading: heart rate 70 bpm, RMSSD \d+ ms, SDNN \d+ ms \(clean beats over \d+ % of the last minute\), signal quality \d+ %\.", run.Log);
        Assert.DoesNotContain("SpO2", run.Log);
        Assert.Matches(@"^heart rate 70 bpm, RMSSD \d+ ms, SDNN \d+ ms \(clean beats over \d+ % of the last minute\), signal quality \d+ % \| pulse ", status);
        Assert.DoesNotContain("SpO2", status);
    }
}
