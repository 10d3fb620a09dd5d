using System.Globalization;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Analyze;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// A recording played as what the simulated MAX30102's photodiode sees, so it goes through the real driver, sampler
/// and estimator like a finger would. Each channel is scaled by its own mean to the synthetic finger's levels, which
/// keeps every AC/DC ratio (the pulse's shape and the SpO2 ratio of ratios) as recorded; between rows the value is
/// interpolated, so the chip's sample rate need not be the recording's. Played once: after the last row the level stays.
/// </summary>
public sealed class RecordingWaveform : IOpticalWaveform
{
    private readonly long[] _timesMicroseconds;
    private readonly float[] _infrared;
    private readonly float[] _red;
    private readonly double _infraredScale;
    private readonly double _redScale;
    private long _startMicroseconds = -1;
    private int _index;
    private int _finished;

    /// <summary>
    /// Reads all of <paramref name="path"/>: a 'time' column in ms and 'ir' (optionally 'red'), or a phone camera's 'R'
    /// (with 'G' and 'B', one of which is played when R is clipped: <see cref="CameraChannel"/>).
    /// </summary>
    public RecordingWaveform(string path)
    {
        string[] columns = CsvSampleReader.Columns(path);

        // Found in any case, and read by the header's own spelling: the reader matches names exactly, so a check that
        // accepted "Time" or "Red" and handed it "time" or "red" refused the file it had just accepted.
        string? Column(string name) => columns.FirstOrDefault(column => string.Equals(column, name, StringComparison.OrdinalIgnoreCase));
        string? timeColumn = Column("time");
        string? infraredColumn = Column("ir");
        if (timeColumn == null || !(infraredColumn != null || columns.Contains("R")))
        {
            throw new InputException($"{path}: the header '{string.Join(",", columns)}' needs a 'time' column (milliseconds) and an 'ir' column (with 'red' for SpO2) or a phone camera's 'R' column.{CsvSampleReader.SeparatorHint(columns)}");
        }

        CameraChannel? camera = infraredColumn != null ? null : CameraChannel.Choose(path, timeColumn);
        using var reader = camera == null
            ? new CsvSampleReader(path, 0, timeColumn, 0, infraredColumn!, Column("red"))
            : new CsvSampleReader(path, 0, timeColumn, 0, camera.Column, null);
        HasRed = reader.HasRed;
        var times = new List<long>();
        var infrared = new List<float>();
        var red = new List<float>();
        while (reader.TryRead(out long time, out float signal, out float redValue))
        {
            times.Add(time);
            infrared.Add(signal);
            red.Add(HasRed ? redValue : signal);
        }

        if (times.Count < 2 || times[^1] <= times[0] || infrared.Average(Math.Abs) == 0)
        {
            throw new InputException($"{path}: fewer than two samples with increasing times and a non-zero level; there is nothing to play.");
        }

        // Which column is played, said at the start: a camera's clipped R is replaced by G or B, which only analyze said.
        Description = string.Create(CultureInfo.InvariantCulture,
            $"{path}, {times.Count} samples over {(times[^1] - times[0]) / 1e6:0.0} s, played once from column '{reader.SignalColumn}'")
            + (HasRed ? $" with '{reader.RedColumn}' as red" : "") + (camera?.Note != null ? $" ({camera.Note})" : "") + ".";
        _timesMicroseconds = [.. times];
        _infrared = [.. infrared];
        _red = [.. red];
        var finger = new SyntheticPpgSettings();
        _infraredScale = finger.InfraredLevelCounts / infrared.Average(Math.Abs);
        _redScale = finger.RedLevelCounts / Math.Max(red.Average(Math.Abs), float.Epsilon);
    }

    /// <summary>The file, its length and the column played (and why, when a camera's R was clipped), for the run's log.</summary>
    public string Description { get; }

    /// <summary>True when the recording has a red channel, so SpO2 means something.</summary>
    public bool HasRed { get; }

    /// <summary>True once the chip has sampled past the last row.</summary>
    public bool Finished => Volatile.Read(ref _finished) == 1;

    /// <inheritdoc/>
    public void Sample(long timeMicroseconds, out int red, out int infrared)
    {
        if (_startMicroseconds < 0)
        {
            _startMicroseconds = timeMicroseconds;
        }

        long at = _timesMicroseconds[0] + (timeMicroseconds - _startMicroseconds);
        while (_index + 1 < _timesMicroseconds.Length && _timesMicroseconds[_index + 1] <= at)
        {
            _index++;
        }

        if (_index + 1 >= _timesMicroseconds.Length)
        {
            Volatile.Write(ref _finished, 1);
            infrared = (int)(_infrared[^1] * _infraredScale);
            red = (int)(_red[^1] * _redScale);
            return;
        }

        double fraction = (double)(at - _timesMicroseconds[_index]) / (_timesMicroseconds[_index + 1] - _timesMicroseconds[_index]);
        infrared = (int)((_infrared[_index] + (_infrared[_index + 1] - _infrared[_index]) * fraction) * _infraredScale);
        red = (int)((_red[_index] + (_red[_index + 1] - _red[_index]) * fraction) * _redScale);
    }
}
