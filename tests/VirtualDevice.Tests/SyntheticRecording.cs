using System.Globalization;
using System.Text;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>A CSV recording of the synthetic PPG, with the truth it was built from.</summary>
public sealed class SyntheticRecording
{
    private SyntheticRecording(string csv, IReadOnlyList<double> onsetIntervalsMilliseconds)
    {
        Csv = csv;
        OnsetIntervalsMilliseconds = onsetIntervalsMilliseconds;
    }

    /// <summary>The file content.</summary>
    public string Csv { get; }

    /// <summary>Mean heart rate of the generated beats over the recording.</summary>
    public double TrueMeanBeatsPerMinute => 60000.0 / OnsetIntervalsMilliseconds.Average();

    /// <summary>The intervals between the generated beats' onsets, in order: the truth as a reference RR series.</summary>
    public IReadOnlyList<double> OnsetIntervalsMilliseconds { get; }

    /// <summary>The onset intervals as a reference RR file's text (milliseconds, separated by spaces).</summary>
    public string OnsetIntervalsText => string.Join(' ', OnsetIntervalsMilliseconds.Select(interval => interval.ToString("0.###", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Records <paramref name="seconds"/> of <paramref name="settings"/> as "time_ms,ir,red" (times with microsecond
    /// decimals), optionally with a preamble, without the time column, or with the signal turned upside down.
    /// </summary>
    public static SyntheticRecording Create(SyntheticPpgSettings settings, double seconds, string preamble = "", bool withTime = true, bool rising = false)
    {
        var csv = new StringBuilder(preamble);
        csv.Append(withTime ? "time_ms,ir,red\n" : "ir,red\n");
        return Record(settings, seconds, csv, (generator, row) =>
        {
            double infrared = rising ? 300000.0 - generator.Infrared : generator.Infrared;
            double red = rising ? 300000.0 - generator.Red : generator.Red;
            if (withTime)
            {
                row.Append(Milliseconds(generator)).Append(',');
            }

            row.Append(infrared.ToString(CultureInfo.InvariantCulture)).Append(',').Append(red.ToString(CultureInfo.InvariantCulture));
        });
    }

    /// <summary>
    /// Records <paramref name="seconds"/> of <paramref name="settings"/> as a phone camera's "time,R,G,B" (a welltory
    /// PPG.csv): <paramref name="channels"/> gives each frame's three channel means from the infrared light relative to
    /// its usual level (1 with no pulse, lower as blood fills the finger).
    /// </summary>
    public static SyntheticRecording CreateCamera(SyntheticPpgSettings settings, double seconds, Func<double, (double R, double G, double B)> channels)
    {
        var csv = new StringBuilder("time,R,G,B\n");
        return Record(settings, seconds, csv, (generator, row) =>
        {
            (double r, double g, double b) = channels(generator.Infrared / settings.InfraredLevelCounts);
            row.Append(Milliseconds(generator)).Append(',').Append(Level(r)).Append(',').Append(Level(g)).Append(',').Append(Level(b));
        });
    }

    private static SyntheticRecording Record(SyntheticPpgSettings settings, double seconds, StringBuilder csv, Action<SyntheticPpgGenerator, StringBuilder> writeRow)
    {
        var generator = new SyntheticPpgGenerator(settings);
        long lastOnset = -1;
        var intervals = new List<double>();
        while (true)
        {
            generator.Next();
            if (generator.TimeMicroseconds > seconds * 1000000.0)
            {
                break;
            }

            if (generator.BeatStarted)
            {
                if (lastOnset >= 0)
                {
                    intervals.Add((generator.LastBeatOnsetMicroseconds - lastOnset) / 1000.0);
                }

                lastOnset = generator.LastBeatOnsetMicroseconds;
            }

            writeRow(generator, csv);
            csv.Append('\n');
        }

        return new SyntheticRecording(csv.ToString(), intervals);
    }

    private static string Milliseconds(SyntheticPpgGenerator generator) => (generator.TimeMicroseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    // A camera channel's frame mean, as the welltory app writes it (three decimals).
    private static string Level(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
