using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// Whether a recording's times are when its samples were taken or when they arrived. A sensor or camera samples at a
/// steady rate and never takes two samples within half its period; times logged on arrival do come that close, after
/// a delivery was held up (the welltory phone's frames: runs of 1-10 ms gaps between ~33 ms ones on 9 of 21
/// records). Every such time is late by its own delay, so beat times scatter with it and intervals and RMSSD read
/// noisier than the pulse was.
/// </summary>
public sealed class SampleSpacing
{
    // Above this share of bunched gaps the times are called arrival times: steady recordings have none at all.
    private const double BunchedPercentNoted = 1.0;

    private readonly List<long> _gapsMicroseconds = [];

    /// <summary>Notes the gap between one sample's time and the next (repeated times, gap 0, are counted elsewhere).</summary>
    public void Add(long gapMicroseconds)
    {
        if (gapMicroseconds > 0)
        {
            _gapsMicroseconds.Add(gapMicroseconds);
        }
    }

    /// <summary>What the reader should know about the times, or null when they look like sampling times.</summary>
    public string? Note()
    {
        if (_gapsMicroseconds.Count == 0)
        {
            return null;
        }

        long[] sorted = [.. _gapsMicroseconds];
        Array.Sort(sorted);
        long usual = sorted[sorted.Length / 2];
        int bunched = sorted.Count(gap => 2 * gap < usual);
        double percent = 100.0 * bunched / sorted.Length;
        return percent > BunchedPercentNoted
            ? string.Create(CultureInfo.InvariantCulture, $"{percent:F1} % of the gaps between samples are under half the usual {usual / 1000.0:0.#} ms: arrival times, each late by its own delay, which scatters the beat times (intervals and RMSSD read noisier than the pulse)")
            : null;
    }
}
