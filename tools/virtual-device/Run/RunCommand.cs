using System.Globalization;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Analyze;
using Iot.Device.Max30102;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// `run`: the virtual device streams to any server. A simulated MAX30102 (or a recording) fills the sample ring buffer;
/// the device's own core code does the rest: <see cref="PulsePipeline"/> (estimator, decimator, streams on change),
/// <see cref="PlotStream"/> over a real socket, and the <see cref="Watchdog"/> for heartbeats and stalls.
/// </summary>
public static class RunCommand
{
    private const int StreamingLoopStallMilliseconds = 10_000;
    private const int SamplesPerPass = 64;
    private const int RingBufferSamples = 512;

    /// <summary>Runs with the arguments after "run"; returns 0, 2 for bad input, 1 when every stream was stopped, 3 on a stall.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        RunOptions options;
        try
        {
            options = RunOptions.Parse(arguments);
        }
        catch (InputException e)
        {
            error.WriteLine("run: " + e.Message);
            error.WriteLine(RunOptions.Usage);
            return Program.UsageExitCode;
        }

        if (options.Help)
        {
            output.WriteLine(RunOptions.Usage);
            return 0;
        }

        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;  // end the streams properly instead of dying
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Stream(options, stop, output);
        }
        catch (InputException e)
        {
            error.WriteLine("run: " + e.Message);
            return Program.UsageExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Stream(RunOptions options, ManualResetEventSlim stop, TextWriter output)
    {
        var clock = new SystemClock();
        var random = new SystemRandom();
        var settings = new StreamSettings(options.Server)
        {
            UserAgent = "HeartRateStreamer-VirtualDevice/1.0",
            HeartbeatIntervalMilliseconds = options.HeartbeatSeconds * 1000,
        };

        // A PC's clock is set: points carry UTC dates from the start.
        settings.TimeBase.SetUtcOrigin(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - clock.Milliseconds);

        var buffer = new SampleRingBuffer(RingBufferSamples);
        using CsvPlayback? playback = options.SourceFile == null ? null : new CsvPlayback(options.SourceFile, clock.Milliseconds);
        FixedRateSampler? sampler = playback == null ? CreateSimulatedSensor(options, clock, buffer) : null;
        int sampleRate = playback?.SampleRateHertz ?? 100;
        bool hasRed = playback?.HasRed ?? true;
        PulseEstimatorSettings estimatorSettings = playback == null ? new PulseEstimatorSettings() : RecordingAnalyzer.CreateSettings(pulseRaisesSignal: false);

        var log = new RunLog(output, clock);
        PlotStream pulse = CreateStream("pulse", options.Token, 500, 1, settings, clock, random, log);
        PlotStream? heartRate = options.HeartRateToken == null ? null : CreateStream("bpm", options.HeartRateToken, 300, 0, settings, clock, random, log);
        PlotStream? oxygen = options.OxygenSaturationToken == null || !hasRed ? null : CreateStream("spo2", options.OxygenSaturationToken, 300, 0, settings, clock, random, log);
        PlotStream[] streams = new[] { pulse, heartRate, oxygen }.OfType<PlotStream>().ToArray();
        var pipeline = new PulsePipeline(buffer, new PulseEstimator(estimatorSettings), sampleRate, hasRed, pulse, heartRate, oxygen);

        var loops = new LoopMonitor(clock, 1);
        int streamingLoop = loops.Register("streaming", StreamingLoopStallMilliseconds);
        var stall = new StallExit(stop);
        var watchdog = new Watchdog(loops, streams, stall);
        watchdog.Start(1000);

        log.Line($"streaming {(playback == null ? (options.NoFinger ? "a synthetic sensor with no finger" : $"a synthetic {options.BeatsPerMinute:0} bpm pulse") : options.SourceFile)} to {options.Server}"
            + $" ({string.Join(", ", streams.Select(s => s.Name + " → " + s.Token))}){(options.Duration is TimeSpan d ? $" for {d.TotalSeconds:0.#} s" : "; Ctrl+C ends")}");
        long endAt = options.Duration is TimeSpan duration ? clock.Milliseconds + (long)duration.TotalMilliseconds : long.MaxValue;
        long nextStatus = clock.Milliseconds + 1000;
        int waitMilliseconds = 0;
        while (!stop.Wait(waitMilliseconds) && clock.Milliseconds < endAt)
        {
            waitMilliseconds = sampler == null ? 10 : Math.Clamp(sampler.Poll(), 0, 10);
            playback?.Play(clock.Milliseconds, buffer);
            pipeline.ProcessWaitingSamples(SamplesPerPass);
            pipeline.ServiceStreams();
            loops.ReportProgress(streamingLoop);
            if (clock.Milliseconds >= nextStatus)
            {
                nextStatus += 1000;
                log.Line(Status(pipeline, streams));
            }

            if (playback is { Finished: true } && buffer.Count == 0)
            {
                log.Line("the recording has been played to its end");
                break;
            }

            if (streams.All(s => s.State == StreamState.Stopped))
            {
                break;
            }
        }

        watchdog.Stop();
        bool everyStreamStopped = streams.All(s => s.State == StreamState.Stopped);
        foreach (PlotStream stream in streams)
        {
            stream.End();
        }

        log.Line(Status(pipeline, streams));
        if (stall.Reason.Length > 0)
        {
            log.Line($"watchdog: {stall.Reason}; a device would reboot now");
            return StallExit.ExitCode;
        }

        return everyStreamStopped ? 1 : 0;
    }

    private static FixedRateSampler CreateSimulatedSensor(RunOptions options, IClock clock, SampleRingBuffer buffer)
    {
        var ppg = new SyntheticPpgSettings { HeartRateBeatsPerMinute = options.BeatsPerMinute, NoiseRatio = 0.02 };
        if (options.NoFinger)
        {
            ppg.FingerOffStartSeconds = 0;
            ppg.FingerOffDurationSeconds = 365 * 24 * 3600;
        }

        var chip = new SimulatedMax30102(clock, new SyntheticOpticalWaveform(new SyntheticPpgGenerator(ppg)));
        return new FixedRateSampler(new Max30102SampleSource(chip, new Max30102Settings()), buffer, clock);
    }

    private static PlotStream CreateStream(string name, string token, int maxPoints, int decimals, StreamSettings settings, IClock clock, IRandom random, RunLog log)
    {
        var stream = new PlotStream(name, token, maxPoints, decimals, settings, new TcpTransport(), clock, random);
        stream.Message += (streamName, message) => log.Line(streamName + ": " + message);
        return stream;
    }

    // One line: points sent per stream, the estimate, reconnects, the last server status.
    private static string Status(PulsePipeline pipeline, PlotStream[] streams)
    {
        PulseEstimator estimator = pipeline.Estimator;
        string rate = estimator.HasHeartRate ? estimator.HeartRateBeatsPerMinute.ToString("0", CultureInfo.InvariantCulture) + " bpm" : "no rate";
        string oxygen = estimator.HasOxygenSaturation ? ", SpO2 " + estimator.OxygenSaturationPercent.ToString("0", CultureInfo.InvariantCulture) + " %" : "";
        string perStream = string.Join(" | ", streams.Select(s =>
            $"{s.Name} {s.PointsSent + s.WindowsSent} sent{(s.PointsCoalesced > 0 ? $", {s.PointsCoalesced} coalesced" : "")}{(s.State == StreamState.Streaming ? "" : " (" + s.State + ")")}"));
        int lastStatus = streams.Select(s => s.LastServerStatus).LastOrDefault(status => status != 0);
        return $"{(estimator.IsFingerPresent ? "finger" : "no finger")}, {rate}{oxygen}, quality {estimator.SignalQualityPercent} % | {perStream}"
            + $" | reconnects {streams.Sum(s => s.Reconnects)} | server {(lastStatus == 0 ? "-" : lastStatus.ToString(CultureInfo.InvariantCulture))}";
    }
}
