namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>Bad input stops analyze with exit code 2 and a message that names the file, the line and the problem.</summary>
public sealed class AnalyzeInputErrorTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AMissingColumnListsTheColumnsThereAre()
    {
        string path = _files.Write("camera.csv", "time,R,G,B\n0,250.1,0,0\n33,250.2,0,0\n");

        CommandRun run = AnalyzeRejected(path, "--time-column", "time", "--signal-column", "IR");

        Assert.Contains($"{path}, line 1: no column 'IR' in the header; the columns are: time, R, G, B.", run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("time;R;G\n0;250,1;0\n33;250,2;0\n", "';'")]
    [InlineData("time\tR\tG\n0\t250.1\t0\n33\t250.2\t0\n", "tabs")]
    public void AHeaderSeparatedByAnotherCharacterThanCommasSaysSo(string content, string separator)
    {
        // A spreadsheet's export with a decimal comma: the header used to be listed as one column, with no word on why.
        string path = _files.Write("export.csv", content);

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}, line 1: no column 'time' in the header; the columns are: ", run.Error);
        Assert.Contains($"The header is separated by {separator}, not commas: save the file as comma-separated values (with '.' as the decimal mark).", run.Error);
    }

    [Fact]
    public void ANonNumericValueNamesItsLineAndColumn()
    {
        string path = _files.Write("typo.csv", "time,R\n0,250.1\n33,250.2\n66,25O.3\n");

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}, line 4: column 'R' holds '25O.3', which is not a number.", run.Error);
    }

    [Fact]
    public void AnEmptyFileIsSaidToBeEmpty()
    {
        string path = _files.Write("empty.csv", "");

        CommandRun run = AnalyzeRejected(path, "--sample-rate", "100", "--signal-column", "R");

        Assert.Contains($"{path}: the file is empty.", run.Error);
    }

    [Fact]
    public void AHeaderWithoutRowsIsReported()
    {
        string path = _files.Write("header-only.csv", "time,R\n\n");

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}: the header on line 1 is followed by no data rows.", run.Error);
    }

    [Fact]
    public void TimeGoingBackwardsNamesBothLines()
    {
        string path = _files.Write("backwards.csv", "time,R\n0,1\n40,2\n80,3\n60,4\n");

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}, line 5: time goes backwards: 60 ms after 80 ms on line 4.", run.Error);
    }

    [Theory]
    [InlineData("0.00,1\n0.01,2\n0.02,3\n0.03,4\n", "column 'time' goes from 0 to 0.03 over 4 rows: read as milliseconds, 100,000 samples/s, which no PPG recording has. These look like seconds")]
    [InlineData("0,1\n10000,2\n20000,3\n30000,4\n", "column 'time' goes from 0 to 30,000 over 4 rows: read as milliseconds, 0.1 samples/s, which no PPG recording has. These look like microseconds")]
    [InlineData("5,1\n5,2\n5,3\n", "every row has the same time in column 'time'")]
    public void TimesInAnotherUnitThanMillisecondsAreCaught(string rows, string message)
    {
        // A 100 samples/s recording timed in seconds or microseconds: read as milliseconds it would be analyzed as
        // 100,000 or 0.1 samples/s and give no reading without saying why.
        string path = _files.Write("units.csv", "time,R\n" + rows);

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}: ", run.Error);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void ARowWithTheWrongNumberOfFieldsIsReported()
    {
        string path = _files.Write("ragged.csv", "time,R,G\n0,1,0\n40,2\n");

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path);

        Assert.Contains($"{path}, line 3: 2 fields, but the header on line 1 has 3.", run.Error);
    }

    [Fact]
    public void SkippingEveryLineLeavesNoHeader()
    {
        string path = _files.Write("short.csv", "recorded by x\ntime,R\n");

        CommandRun run = AnalyzeTimeAndRColumnsRejected(path, "--skip-lines", "2");

        Assert.Contains($"{path}: the file ends after the 2 skipped lines; there is no header.", run.Error);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        CommandRun run = AnalyzeTimeAndRColumnsRejected("/nonexistent/recording.csv");

        Assert.Contains("/nonexistent/recording.csv: no such file; check the recording's path.", run.Error);
    }

    // Before: "recording.csv: no such file." alone, though `dotnet run --project` from another folder is the usual way
    // to be wrong about a relative path.
    [Fact]
    public void AMissingRelativeFileIsNamedWithTheFolderItWasLookedIn()
    {
        CommandRun run = AnalyzeTimeAndRColumnsRejected("no-such-recording.csv");

        Assert.Contains($"no-such-recording.csv: no such file; check the recording's path (a relative one is taken from the current folder, {Directory.GetCurrentDirectory()}).", run.Error);
    }

    [Theory]
    [InlineData("no file given", "--time-column", "time", "--signal-column", "R")]
    [InlineData("exactly one of --time-column NAME", "x.csv", "--signal-column", "R")]
    [InlineData("exactly one of --time-column NAME", "x.csv", "--time-column", "t", "--sample-rate", "100", "--signal-column", "R")]
    [InlineData("exactly one of --signal-column NAME", "x.csv", "--time-column", "t")]
    [InlineData("--red-column needs --ir-column", "x.csv", "--time-column", "t", "--signal-column", "R", "--red-column", "red")]
    [InlineData("--sample-rate '-25' must be a number from 5 to 5000.", "x.csv", "--sample-rate", "-25", "--signal-column", "R")]
    [InlineData("--sample-rate '1000000' must be a number from 5 to 5000.", "x.csv", "--sample-rate", "1000000", "--signal-column", "R")]
    [InlineData("--sample-rate '0.5' must be a number from 5 to 5000.", "x.csv", "--sample-rate", "0.5", "--signal-column", "R")]
    [InlineData("--skip-lines needs a whole number", "x.csv", "--sample-rate", "25", "--signal-column", "R", "--skip-lines", "two")]
    [InlineData("Required argument missing for option: '--time-column'", "x.csv", "--signal-column", "R", "--time-column")]
    [InlineData("Unrecognized command or argument '--rate'", "x.csv", "--rate", "25")]
    [InlineData("Did you mean --sample-rate for --sample-rat?", "x.csv", "--sample-rat", "25", "--signal-column", "R")]
    [InlineData("Did you mean --sample-rate for --sample-rat?", "x.csv", "--sample-rat=25", "--signal-column", "R")] // had no guess
    [InlineData("unknown option '--rate'", "--rate", "25", "x.csv")]
    [InlineData("--welltory DIR takes no file, column, reference or stretch options", "--welltory", "data", "--signal-column", "R")]
    [InlineData("--welltory DIR takes no file, column, reference or stretch options", "--welltory", "data", "--reference-rr", "RR.txt")]
    [InlineData("--welltory DIR takes no file, column, reference or stretch options", "--welltory", "data", "--from", "10")]
    [InlineData("its camera channel (R, or G or B when R is clipped) and its RR.txt are read whole, as the data set defines them. Leave those options out, or give them with one record's PPG.csv instead of --welltory.", "--welltory", "data", "--invert")]
    [InlineData("--to (5 s) must come after --from (10 s)", "x.csv", "--sample-rate", "25", "--signal-column", "R", "--from", "10", "--to", "5")]
    [InlineData("--from needs a number of seconds after the first sample (0 or more), not '-3'", "x.csv", "--sample-rate", "25", "--signal-column", "R", "--from", "-3")]
    public void UsageMistakesSayWhatIsWrongAndShowTheUsage(string expected, params string[] arguments)
    {
        CommandRun run = AnalyzeRejected(arguments);

        Assert.Contains(expected, run.Error);
        Assert.Contains("Usage:\n  virtual-device analyze [<FILE.csv>] [options]", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AWelltoryDirectoryThatIsNotThereIsNamed()
    {
        CommandRun run = AnalyzeRejected("--welltory", "/nonexistent/welltory");

        Assert.Contains("/nonexistent/welltory: no such directory", run.Error);
    }

    [Theory]
    [InlineData("72 800 -5", "RR.txt, line 1: '-5' is not an RR interval in milliseconds (a positive number).")]
    [InlineData("812\n790 8o5\n", "RR.txt, line 2: '8o5' is not an RR interval in milliseconds (a positive number).")]
    [InlineData("0.812\n0.790 0.805\n", "RR.txt: the 3 RR intervals average 0.802: read as milliseconds, 74,781.89 bpm, which no heart has. These look like seconds: give the intervals in milliseconds.")]
    [InlineData("812000 790000", "RR.txt: the 2 RR intervals average 801,000: read as milliseconds, 0.07 bpm, which no heart has. These look like microseconds: give the intervals in milliseconds.")]
    [InlineData(" \n", "RR.txt: no RR intervals (expected numbers in milliseconds, separated by spaces or lines).")]
    public void ABadReferenceRrFileNamesItsLineAndFieldBeforeTheRecordingIsRead(string content, string expected)
    {
        string reference = _files.Write("RR.txt", content);

        CommandRun run = AnalyzeTimeAndRColumnsRejected("/nonexistent/recording.csv", "--reference-rr", reference);

        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("recording.csv", run.Error);
    }

    [Fact]
    public void AMissingReferenceRrFileIsNamed()
    {
        CommandRun run = AnalyzeTimeAndRColumnsRejected("/nonexistent/recording.csv", "--reference-rr", "/nonexistent/RR.txt");

        Assert.Contains("/nonexistent/RR.txt: no such file (the reference RR intervals, in milliseconds).", run.Error);
    }

    // A recording or reference that is there and may be read, but whose reading fails (the kernel's EIO), in one wording.
    [Theory]
    [InlineData("/proc/self/mem")]
    [InlineData("/nonexistent/recording.csv", "--reference-rr", "/proc/self/mem")]
    public void AFileWhoseReadingFailsIsNamedWithWhatToDo(string recording, params string[] more)
    {
        CommandRun run = AnalyzeTimeAndRColumnsRejected(recording, more);

        Assert.Contains("analyze: error: /proc/self/mem could not be read (Input/output error", run.Error);
        Assert.Contains("): give an ordinary file.", run.Error);
    }

    /// <summary>Runs `analyze ARGUMENTS` and checks that it refused them: exit code 2, the code for bad input.</summary>
    private static CommandRun AnalyzeRejected(params string[] arguments)
    {
        CommandRun run = CommandRun.Of(["analyze", .. arguments]);
        Assert.Equal(2, run.ExitCode);
        return run;
    }

    /// <summary><see cref="AnalyzeRejected"/> for <paramref name="path"/> read by its 'time' and 'R' columns, the set-up of most cases here.</summary>
    private static CommandRun AnalyzeTimeAndRColumnsRejected(string path, params string[] more) =>
        AnalyzeRejected([path, "--time-column", "time", "--signal-column", "R", .. more]);
}
