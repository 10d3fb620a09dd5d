using HeartRateStreamer.VirtualDevice.Analyze;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>The reference RR series put on the recording's axis and compared beat by beat.</summary>
public sealed class BeatAlignmentTests
{
    [Fact]
    public void AShiftedCopyWithAMissedAndAnExtraBeatIsAlignedAndCounted()
    {
        // Reference: 100 intervals swinging 760..840 ms with breathing and a beat-to-beat alternation; the detected beats
        // are the same beats 1234.5 ms later (pulse transit plus a different start), one missing, one extra.
        var reference = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            reference.Add(800.0 + 30.0 * Math.Sin(i * 0.8) + ((i & 1) == 0 ? 10.0 : -10.0));
        }

        var beats = new List<double>();
        double time = 0.0;
        for (int i = 0; i <= reference.Count; i++)
        {
            if (i != 50)
            {
                beats.Add(time + 1234.5);
            }

            if (i == 70)
            {
                beats.Add(time + 1234.5 + 300.0);
            }

            time += i < reference.Count ? reference[i] : 0.0;
        }

        var normal = new List<NormalInterval>();
        for (int i = 1; i < beats.Count; i++)
        {
            normal.Add(new NormalInterval(beats[i], beats[i] - beats[i - 1] + 2.0, true));
        }

        BeatComparison comparison = BeatAlignment.Compare(Recording(beats, new BeatSummary(normal, normal.Count, 0, 0, 0, 0, 0, [])), reference);

        Assert.InRange(comparison.OffsetMilliseconds, 1234.0, 1235.0);
        Assert.Equal(comparison.ReferenceBeats - 1, comparison.FoundBeats);
        Assert.Equal(1, comparison.UnmatchedBeats);
        Assert.Equal(2.0, comparison.MedianAbsoluteIntervalErrorMilliseconds!.Value, 3);
        Assert.Null(comparison.Rmssd);
    }

    [Fact]
    public void BeatsAfterTheReferenceStoppedAreNotExtra()
    {
        // The strap stops 60 beats in; the recording's 30 beats after that have nothing to be compared with (every
        // welltory strap stops 2-3 s before its recording). One beat among the strap's is extra.
        (List<double> reference, List<double> beats) = StrapStoppingEarly(60, 30, 900.0, 0.7, 500.0);
        beats.Insert(31, beats[30] + 450.0);

        BeatComparison comparison = BeatAlignment.Compare(Recording(beats, BeatSummary.None), reference);

        Assert.InRange(comparison.OffsetMilliseconds, 499.0, 501.0);
        Assert.Equal(comparison.ReferenceBeats, comparison.FoundBeats);
        Assert.Equal(1, comparison.UnmatchedBeats);
    }

    [Fact]
    public void TheVariabilityComparedIsTheLastReadingWhileTheReferenceRecorded()
    {
        // 100 strap intervals, the recording 10 beats longer: a reading after the strap stopped covers a minute the
        // strap saw only part of, so the comparison takes the last reading before it stopped.
        (List<double> reference, List<double> beats) = StrapStoppingEarly(100, 10, 800.0, 0.9, 300.0);
        double strapEnd = beats[100];
        HeartRateVariabilityReading[] readings = [new(strapEnd - 800.0, 41.0, 30.0, 100), new(strapEnd + 4000.0, 99.0, 90.0, 100)];
        BeatComparison comparison = BeatAlignment.Compare(Recording(beats, BeatSummary.None with { VariabilityReadings = readings }), reference);

        Assert.Equal(41.0, comparison.Rmssd!.Measured);
        Assert.Equal(30.0, comparison.Sdnn!.Measured);
        // The strap's successive differences swing up to 2 · 40 · sin(0.45) ≈ 35 ms: about 25 ms rms.
        Assert.InRange(comparison.Rmssd.Reference, 20.0, 30.0);
    }

    [Fact]
    public void ReferenceIntervalsTheNnRuleLeavesOutAreCountedNotRemoved()
    {
        // A premature beat 280 ms early and its compensatory pause inside the compared minute (the two intervals add up
        // to two), seen by both the strap and the recording: the comparison says the reference holds two intervals the
        // estimator's NN rule leaves out, and the reference's RMSSD still counts them, as the strap reported them.
        static BeatComparison Compare(bool premature)
        {
            (List<double> reference, List<double> beats) = StrapStoppingEarly(100, 10, 800.0, 0.9, 300.0);
            if (premature)
            {
                reference[80] -= 280.0;
                reference[81] += 280.0;
                beats[81] -= 280.0;
            }

            HeartRateVariabilityReading[] readings = [new(beats[100] - 800.0, 41.0, 30.0, 100)];
            return BeatAlignment.Compare(Recording(beats, BeatSummary.None with { VariabilityReadings = readings }), reference);
        }

        BeatComparison steady = Compare(false);
        BeatComparison withEctopic = Compare(true);

        Assert.Equal(0, steady.ReferenceIntervalsLeftOut);
        Assert.Equal(2, withEctopic.ReferenceIntervalsLeftOut);
        Assert.True(withEctopic.Rmssd!.Reference > steady.Rmssd!.Reference + 40.0, $"{withEctopic.Rmssd.Reference} against {steady.Rmssd.Reference}");
    }

    // A recording's analysis with these beat times (from 0 to 2 s after the last) and this summary of its intervals.
    // A strap's RR intervals swinging ±40 ms around meanMilliseconds (phaseStep radians a beat), and the recording's
    // beats on them from startMilliseconds, going on for beatsAfter more at the mean once the strap has stopped.
    private static (List<double> Reference, List<double> Beats) StrapStoppingEarly(int strapIntervals, int beatsAfter, double meanMilliseconds, double phaseStep, double startMilliseconds)
    {
        var reference = new List<double>();
        for (int i = 0; i < strapIntervals; i++)
        {
            reference.Add(meanMilliseconds + 40.0 * Math.Sin(i * phaseStep));
        }

        var beats = new List<double>();
        double time = startMilliseconds;
        for (int i = 0; i < strapIntervals + beatsAfter; i++)
        {
            beats.Add(time);
            time += i < strapIntervals ? reference[i] : meanMilliseconds;
        }

        return (reference, beats);
    }

    private static AnalysisResult Recording(List<double> beats, BeatSummary summary) =>
        new("test", 1000, (beats[^1] + 2000.0) / 1000.0, beats, [], null, null, null, false, 0.0)
        {
            FirstSampleMilliseconds = 0.0,
            Beats = summary,
        };
}
