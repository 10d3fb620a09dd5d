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
        var generator = new SyntheticPpgGenerator(settings);
        var csv = new StringBuilder(preamble);
        csv.Append(withTime ? "time_ms,ir,red\n" : "ir,red\n");
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

            double infrared = rising ? 300000.0 - generator.Infrared : generator.Infrared;
            double red = rising ? 300000.0 - generator.Red : generator.Red;
            if (withTime)
            {
                csv.Append((generator.TimeMicroseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
            }

            csv.Append(infrared.ToString(CultureInfo.InvariantCulture)).Append(',').Append(red.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return new SyntheticRecording(csv.ToString(), intervals);
    }
}
