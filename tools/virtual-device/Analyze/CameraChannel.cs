using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// Which colour channel of a phone camera's PPG recording carries the pulse. Such a recording (the welltory app's
/// PPG.csv: columns time, R, G, B) holds each frame's mean of the camera's 8-bit channels. A fingertip on the lens
/// passes mostly red light, so the red channel is read, unless the exposure drove it to an end of its range, where
/// the pulse is clipped off. A frame counts as clipped when its mean lies within half a level of 0 or 255: then at
/// least half of its pixels sit at that end (every other pixel is a whole level away). Then the next channel that
/// is not clipped is read, in the order G, B (blood absorbs green more strongly than red, so a camera whose red
/// saturates still sees the pulse in green: Verkruysse, Svaasand and Nelson, Opt. Express 16:21434, 2008).
/// </summary>
/// <param name="Column">The column to read.</param>
/// <param name="Note">Why a channel other than R was read (or why a clipped one had to be); null when R was read as usual.</param>
public sealed record CameraChannel(string Column, string? Note)
{
    /// <summary>The channels in the order they are preferred.</summary>
    private static readonly string[] s_preferred = ["R", "G", "B"];

    // Each channel is 8-bit (0..255); a frame mean this near an end has at least half of its pixels at that end.
    private const double DarkestUnclippedMean = 0.5;
    private const double BrightestUnclippedMean = 254.5;

    // A few clipped frames cut a few beats' feet; more than this share of the recording loses beats all through it.
    private const double ClippedPercentAllowed = 1.0;

    /// <summary>
    /// Chooses the first of R, G and B that <paramref name="path"/> has that is clipped in no more than 1 % of its
    /// frames (each read only if the ones before it are clipped); when all are clipped more, the least clipped, with a
    /// note saying so. <paramref name="timeColumn"/>: the header's name for the time column.
    /// </summary>
    public static CameraChannel Choose(string path, string timeColumn = "time")
    {
        string[] present = s_preferred.Intersect(CsvSampleReader.Columns(path)).ToArray();
        if (present.Length == 0)
        {
            throw new InputException($"{path}: no R, G or B column; a phone camera's recording needs at least its red channel 'R'.");
        }

        var skipped = new List<string>();
        string leastClipped = present[0];
        double leastPercent = double.MaxValue;
        foreach (string column in present)
        {
            double percent = ClippedPercent(path, timeColumn, column);
            if (percent <= ClippedPercentAllowed)
            {
                return new CameraChannel(column, skipped.Count == 0 ? null : $"{string.Join(", ", skipped)} of the frames clipped (at 0 or 255); {column} read instead");
            }

            skipped.Add(string.Create(CultureInfo.InvariantCulture, $"{column} in {percent:F1} %"));
            if (percent < leastPercent)
            {
                leastClipped = column;
                leastPercent = percent;
            }
        }

        return new CameraChannel(leastClipped, $"every channel clipped (at 0 or 255): {string.Join(", ", skipped)} of the frames; {leastClipped}, the least clipped, read");
    }

    private static double ClippedPercent(string path, string timeColumn, string column)
    {
        using var reader = new CsvSampleReader(path, 0, timeColumn, 0.0, column, null);
        int clipped = 0;
        while (reader.TryRead(out _, out float value, out _))
        {
            if (value <= DarkestUnclippedMean || value >= BrightestUnclippedMean)
            {
                clipped++;
            }
        }

        return 100.0 * clipped / reader.RowCount;
    }
}
