using HeartRateStreamer.Buffers;
using HeartRateStreamer.VirtualDevice.Analyze;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// Plays a CSV recording into the sample ring buffer in real time, as a sensor would fill it: each row becomes due
/// when the run's clock has moved as far past the start as the row's time is past the first row's. Values keep three
/// decimals as integer counts (the buffer holds integers; the estimator only cares about shape).
/// </summary>
public sealed class CsvPlayback : IDisposable
{
    private const float CountsPerUnit = 1000f;

    private readonly CsvSampleReader _reader;
    private readonly long _startMilliseconds;
    private long _firstRowMicroseconds = -1;
    private bool _hasPending;
    private long _pendingMicroseconds;
    private float _pendingSignal;
    private float _pendingRed;

    /// <summary>Opens <paramref name="path"/>: a 'time' column in ms and 'ir' (optionally 'red') or the welltory 'R'.</summary>
    public CsvPlayback(string path, long startMilliseconds)
    {
        string header = File.ReadLines(path).FirstOrDefault() ?? "";
        string[] columns = header.Split(',').Select(column => column.Trim().Trim('"')).ToArray();
        bool hasInfrared = columns.Contains("ir", StringComparer.OrdinalIgnoreCase);
        if (!columns.Contains("time", StringComparer.OrdinalIgnoreCase) || !(hasInfrared || columns.Contains("R")))
        {
            throw new InputException($"{path}: the header '{header}' needs a 'time' column (milliseconds) and an 'ir' column (with 'red' for SpO2) or the welltory 'R' column.");
        }

        _reader = hasInfrared
            ? new CsvSampleReader(path, 0, "time", 0, "ir", columns.Contains("red", StringComparer.OrdinalIgnoreCase) ? "red" : null)
            : new CsvSampleReader(path, 0, "time", 0, "R", null);

        _startMilliseconds = startMilliseconds;
        SampleRateHertz = MeasureRate(path, hasInfrared);
    }

    /// <summary>The recording's mean sample rate, rounded up (the decimator's input rate), read from the whole file.</summary>
    public int SampleRateHertz { get; private set; }

    /// <summary>True when the recording has a red channel (SpO2 possible).</summary>
    public bool HasRed => _reader.HasRed;

    /// <summary>True once every row has been played.</summary>
    public bool Finished { get; private set; }

    /// <summary>Writes the rows due by <paramref name="nowMilliseconds"/> into <paramref name="buffer"/>; returns how many.</summary>
    public int Play(long nowMilliseconds, SampleRingBuffer buffer)
    {
        int written = 0;
        while (!Finished)
        {
            if (!_hasPending)
            {
                if (!_reader.TryRead(out _pendingMicroseconds, out _pendingSignal, out _pendingRed))
                {
                    Finished = true;
                    break;
                }

                _hasPending = true;
                if (_firstRowMicroseconds < 0)
                {
                    _firstRowMicroseconds = _pendingMicroseconds;
                }
            }

            long dueMilliseconds = _startMilliseconds + (_pendingMicroseconds - _firstRowMicroseconds) / 1000;
            if (dueMilliseconds > nowMilliseconds)
            {
                break;
            }

            buffer.TryWrite(dueMilliseconds, (int)(_pendingSignal * CountsPerUnit), (int)(_pendingRed * CountsPerUnit));
            _hasPending = false;
            written++;
        }

        return written;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private static int MeasureRate(string path, bool hasInfrared)
    {
        using var reader = new CsvSampleReader(path, 0, "time", 0, hasInfrared ? "ir" : "R", null);
        long first = -1;
        long last = 0;
        while (reader.TryRead(out long time, out _, out _))
        {
            first = first < 0 ? time : first;
            last = time;
        }

        if (reader.RowCount < 2 || last <= first)
        {
            throw new InputException($"{path}: fewer than two samples with increasing times; there is nothing to play.");
        }

        return (int)Math.Ceiling((reader.RowCount - 1) * 1_000_000.0 / (last - first));
    }
}
