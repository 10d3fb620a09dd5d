using BenchmarkDotNet.Attributes;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Benchmarks.Streaming;

/// <summary>The allocation-free JSON writer: the Allocated column must read 0 B for every method.</summary>
[MemoryDiagnoser]
public class JsonWriterBenchmarks
{
    private readonly JsonWriter _writer = new(256);
    private long _time = 1_795_892_222_123;

    /// <summary>One waveform point as the stream sends it: {"x":ms,"y":value with 1 decimal}\n.</summary>
    [Benchmark(Baseline = true)]
    public int PointWithMillisecondTime()
    {
        _writer.Reset();
        _writer.WriteAscii("{\"x\":");
        _writer.WriteInteger(_time++);
        _writer.WriteAscii(",\"y\":");
        _writer.WriteFixed(-1234.56789, 1);
        _writer.WriteAscii("}\n");
        return _writer.Length;
    }

    /// <summary>The same point once the clock is known: x as a UTC date string.</summary>
    [Benchmark]
    public int PointWithUtcTime()
    {
        _writer.Reset();
        _writer.WriteAscii("{\"x\":");
        _writer.WriteUtcTimestamp(_time++);
        _writer.WriteAscii(",\"y\":");
        _writer.WriteFixed(72.456, 1);
        _writer.WriteAscii("}\n");
        return _writer.Length;
    }

    /// <summary>A number with the most decimals the writer takes.</summary>
    [Benchmark]
    public int FixedNineDecimals()
    {
        _writer.Reset();
        _writer.WriteFixed(98.123456789, 9);
        return _writer.Length;
    }

    /// <summary>A string with quotes, a control character and non-ASCII text (escaping and UTF-8).</summary>
    [Benchmark]
    public int EscapedString()
    {
        _writer.Reset();
        _writer.WriteString("Pulse \"left\" hand\t– 72 bpm ♥");
        return _writer.Length;
    }
}
