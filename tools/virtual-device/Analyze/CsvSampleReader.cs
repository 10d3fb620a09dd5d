using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// Reads timestamped PPG samples from a CSV file with a header row, line by line. Every problem is an
/// <see cref="InputException"/> naming the file, the line and what is wrong with it.
/// </summary>
public sealed class CsvSampleReader : IDisposable
{
    private readonly string _path;
    private readonly StreamReader _reader;
    private readonly int _timeIndex;
    private readonly int _signalIndex;
    private readonly int _redIndex;
    private readonly int _fieldCount;
    private readonly string[] _columns;
    private readonly double _sampleIntervalMicroseconds;
    private int _lineNumber;
    private int _rowCount;
    private long _firstTimeMicroseconds;
    private long _previousTimeMicroseconds;
    private int _previousTimeLine;
    private string _previousTimeText = "";

    /// <summary>Opens <paramref name="path"/>, skips the preamble, reads the header and finds the columns.</summary>
    public CsvSampleReader(string path, int skipLines, string? timeColumn, double sampleRateHz, string signalColumn, string? redColumn)
    {
        _path = path;
        if (!File.Exists(path))
        {
            throw new InputException(Missing(path));
        }

        _reader = OptionValues.ReadUserFile(path, () => new StreamReader(path)); // a recording, --source too, is first read here
        try
        {
            for (int i = 0; i < skipLines; i++)
            {
                if (ReadLine() == null)
                {
                    throw new InputException(_lineNumber == 0 ? $"{path}: the file is empty." : $"{path}: the file has only {_lineNumber} lines, all skipped by --skip-lines {skipLines}; there is no header.");
                }
            }

            string? header = ReadLine();
            if (header == null)
            {
                throw new InputException(_lineNumber == 0 ? $"{path}: the file is empty." : $"{path}: the file ends after the {skipLines} skipped lines; there is no header.");
            }

            if (header.Trim().Length == 0)
            {
                throw Problem("the header is empty; the first line after any --skip-lines must name the columns.");
            }

            string[] columns = ColumnNames(header);
            HeaderLine = _lineNumber;
            _columns = columns;
            _fieldCount = columns.Length;
            _timeIndex = timeColumn == null ? -1 : FindColumn(columns, timeColumn);
            _signalIndex = FindColumn(columns, signalColumn);
            _redIndex = redColumn == null ? -1 : FindColumn(columns, redColumn);
            _sampleIntervalMicroseconds = timeColumn == null ? 1000000.0 / sampleRateHz : 0.0;
            SignalColumn = signalColumn;
            RedColumn = redColumn;
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    // Relative paths are the usual mistake (`dotnet run --project` from another folder), so the folder is named.
    private static string Missing(string path) => OptionValues.NotAFile(path) + (Directory.Exists(path) ? "." : "; check the recording's path"
        + (Path.IsPathRooted(path) ? "." : $" (a relative one is taken from the current folder, {Directory.GetCurrentDirectory()})."));

    /// <summary>The column names in the header of <paramref name="path"/> (its first line), to choose columns by.</summary>
    public static string[] Columns(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(Missing(path));
        }

        string? header = OptionValues.ReadUserFile(path, () => File.ReadLines(path).FirstOrDefault());
        if (header == null)
        {
            throw new InputException($"{path}: the file is empty.");
        }

        return ColumnNames(header);
    }

    /// <summary>The line number of the header (1-based).</summary>
    public int HeaderLine { get; }

    /// <summary>Whether samples carry a red channel.</summary>
    public bool HasRed => _redIndex >= 0;

    /// <summary>The name of the infrared (or only) channel.</summary>
    public string SignalColumn { get; }

    /// <summary>The name of the red channel, if any.</summary>
    public string? RedColumn { get; }

    /// <summary>Data rows read so far.</summary>
    public int RowCount => _rowCount;

    /// <summary>The first data row's time, in microseconds (once a row has been read).</summary>
    public long FirstTimeMicroseconds => _firstTimeMicroseconds;

    /// <summary>The newest data row's time, in microseconds.</summary>
    public long LastTimeMicroseconds => _previousTimeMicroseconds;

    /// <summary>Reads the next data row; false at the end of the file. Blank lines are skipped.</summary>
    public bool TryRead(out long timeMicroseconds, out float signal, out float red)
    {
        timeMicroseconds = 0;
        signal = 0.0f;
        red = 0.0f;
        string? line;
        do
        {
            line = ReadLine();
            if (line == null)
            {
                if (_rowCount == 0)
                {
                    throw new InputException($"{_path}: the header on line {HeaderLine} is followed by no data rows.");
                }

                CheckTimeUnit();
                return false;
            }
        }
        while (line.Trim().Length == 0);

        string[] fields = SplitFields(line);
        if (fields.Length != _fieldCount)
        {
            throw Problem($"{fields.Length} fields, but the header on line {HeaderLine} has {_fieldCount}.");
        }

        signal = (float)Number(fields, _signalIndex);
        if (_redIndex >= 0)
        {
            red = (float)Number(fields, _redIndex);
        }

        if (_timeIndex >= 0)
        {
            double milliseconds = Number(fields, _timeIndex);
            timeMicroseconds = (long)Math.Round(milliseconds * 1000.0);
            if (_rowCount > 0 && timeMicroseconds < _previousTimeMicroseconds)
            {
                throw Problem($"time goes backwards: {fields[_timeIndex].Trim()} ms after {_previousTimeText} ms on line {_previousTimeLine}.");
            }

            _previousTimeText = fields[_timeIndex].Trim();
            _previousTimeLine = _lineNumber;
        }
        else
        {
            timeMicroseconds = (long)Math.Round(_rowCount * _sampleIntervalMicroseconds);
        }

        if (_rowCount == 0)
        {
            _firstTimeMicroseconds = timeMicroseconds;
        }

        _previousTimeMicroseconds = timeMicroseconds;
        _rowCount++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    // Times in seconds read as milliseconds make a 100 samples/s recording 100,000 samples/s, times in microseconds
    // 0.1: no PPG is sampled outside these bounds (the estimator works at 25..1000 samples/s). --sample-rate takes the same.

    /// <summary>The slowest rate a recording's rows may come at (a time column's, or --sample-rate).</summary>
    public const double FewestSamplesPerSecond = 5.0;

    /// <summary>The fastest rate a recording's rows may come at (a time column's, or --sample-rate).</summary>
    public const double MostSamplesPerSecond = 5000.0;

    private void CheckTimeUnit()
    {
        if (_timeIndex < 0 || _rowCount < 2)
        {
            return;
        }

        string column = _columns[_timeIndex];
        double seconds = (_previousTimeMicroseconds - _firstTimeMicroseconds) / 1000000.0;
        if (seconds <= 0.0)
        {
            throw new InputException($"{_path}: every row has the same time in column '{column}'; there is no time to measure a pulse over.");
        }

        double rate = (_rowCount - 1) / seconds;
        if (rate > MostSamplesPerSecond || rate < FewestSamplesPerSecond)
        {
            string likely = rate > MostSamplesPerSecond ? "seconds" : "microseconds";
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{_path}: column '{column}' goes from {_firstTimeMicroseconds / 1000.0:#,0.###} to {_previousTimeMicroseconds / 1000.0:#,0.###} over {_rowCount} rows: read as milliseconds, {rate:#,0.##} samples/s, which no PPG recording has. These look like {likely}: give a column in milliseconds (analyze also takes --sample-rate HZ for evenly spaced rows)."));
        }
    }

    private string? ReadLine()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (IOException e)
        {
            throw new InputException(OptionValues.ReadFailed(_path, e, _lineNumber));
        }

        if (line != null)
        {
            _lineNumber++;
        }

        return line;
    }

    private int FindColumn(string[] columns, string name)
    {
        int index = Array.IndexOf(columns, name);
        if (index < 0)
        {
            throw Problem($"no column '{name}' in the header; the columns are: {string.Join(", ", columns)}.{SeparatorHint(columns)}");
        }

        return index;
    }

    private double Number(string[] fields, int index)
    {
        string text = fields[index].Trim().Trim('"');
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Problem($"column '{_columns[index]}' holds '{text}', which is not a number.");
        }

        return value;
    }

    private InputException Problem(string what) => new($"{_path}, line {_lineNumber}: {what}");

    /// <summary>
    /// What to do when a header is one column holding ';' or a tab: a spreadsheet's export where the decimal mark is a
    /// comma separates its fields so, and the columns asked for were not missing, only not split. Otherwise "".
    /// </summary>
    public static string SeparatorHint(string[] columns)
    {
        if (columns.Length != 1)
        {
            return "";
        }

        string separator = columns[0].Contains(';') ? "';'" : columns[0].Contains('\t') ? "tabs" : "";
        return separator.Length == 0 ? "" : $" The header is separated by {separator}, not commas: save the file as comma-separated values (with '.' as the decimal mark).";
    }

    private static string[] SplitFields(string line) => line.Split(',');

    private static string[] ColumnNames(string header) => SplitFields(header).Select(name => name.Trim().Trim('"')).ToArray();
}
