using BenchmarkDotNet.Attributes;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Benchmarks.Streaming;

/// <summary>
/// Chunked framing and the stream's per-frame path over a transport that discards the bytes. The Allocated column
/// must read 0 B: nothing on the device's steady-state path allocates.
/// </summary>
[MemoryDiagnoser]
public class StreamFramingBenchmarks
{
    private readonly byte[] _frame = new byte[128];
    private JsonWriter _payload = null!;
    private ManualClock _clock = null!;
    private PlotStream _stream = null!;
    private PlotStream _windowStream = null!;
    private ManualClock _windowClock = null!;
    private DiscardingTransport _windowTransport = null!;
    private StreamSettings _windowSettings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = new JsonWriter(_frame, ChunkedEncoding.HeaderReserveBytes);
        _payload.WriteAscii("{\"x\":1795892222123,\"y\":72.5}\n");

        var settings = new StreamSettings(new ServerAddress("127.0.0.1", 8080, false));
        _clock = new ManualClock(0);
        _stream = new PlotStream("pulse", "benchmark", 500, 1, settings, new DiscardingTransport(), _clock, new FixedJitter());
        _stream.Service();

        _windowClock = new ManualClock(0);
        _windowTransport = new DiscardingTransport();
        _windowSettings = new StreamSettings(new ServerAddress("127.0.0.1", 8080, false));
        _windowStream = new PlotStream("pulse", "benchmark", 500, 1, _windowSettings, _windowTransport, _windowClock, new FixedJitter());
        for (int i = 0; i < 500; i++)
        {
            _windowStream.Append(i * 50, 512.5 + i % 100);
        }
    }

    /// <summary>Size line in front of a payload already in the buffer, and the closing CRLF.</summary>
    [Benchmark(Baseline = true)]
    public int FrameOneChunk()
    {
        int start = ChunkedEncoding.WriteSizeLineBefore(_frame, _payload.Start, _payload.Length);
        return ChunkedEncoding.WriteTrailer(_frame, _payload.Position) - start;
    }

    /// <summary>The heartbeat chunk.</summary>
    [Benchmark]
    public int Heartbeat() => ChunkedEncoding.WriteHeartbeat(_frame, 0);

    /// <summary>One waveform point through PlotStream: append, then Service formats, frames and sends it (50 ms later).</summary>
    [Benchmark]
    public int AppendAndSendOnePoint()
    {
        long now = _clock.Advance(50);
        _stream.Append(now, 512.5);
        _stream.Service();
        return _stream.PointsSent;
    }

    /// <summary>
    /// The 500-point window as one array message with UTC dates (about 19 KB), measured then written through the
    /// 1 KiB frame buffer. A new clock origin makes the stream resend its window, as a reconnection does.
    /// </summary>
    [Benchmark]
    public long ResendWindowOf500Points()
    {
        _windowClock.Advance(50);
        _windowSettings.TimeBase.SetUtcOrigin(1_795_892_222_123 + _windowClock.Milliseconds);
        _windowStream.Service();
        return _windowTransport.BytesSent;
    }

    /// <summary>No jitter needed: these benchmarks never reconnect.</summary>
    private sealed class FixedJitter : Ports.IRandom
    {
        public int Next(int maxExclusive) => 0;
    }
}
