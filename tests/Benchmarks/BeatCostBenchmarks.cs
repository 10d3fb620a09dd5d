using BenchmarkDotNet.Attributes;
using HeartRateStreamer.SignalProcessing;

namespace HeartRateStreamer.Benchmarks;

/// <summary>
/// The estimator's work once per committed beat, part by part, at 75 bpm: re-timing the beat on the upstroke template
/// (<see cref="BeatTemplate"/>: one window resampled, 7 shifts of a 31-point span against the template, then its update), the two wave correlations
/// that score it (<see cref="PulseHistory.Correlation(float, float)"/> over the quality figure's 1.5 s and over one
/// beat cycle), the NN gate's second look at a swing (its upstroke and peak), and sorting its interval (<see cref="NormalIntervalFilter"/>). Reported per beat; the Allocated column
/// must read 0 B.
/// </summary>
[MemoryDiagnoser]
public class BeatCostBenchmarks
{
    private const float BeatsPerMinute = 75.0f;
    private const float IntervalSeconds = 60.0f / BeatsPerMinute;

    // The estimator's history length at its default 25 bpm floor: two 2.4 s intervals and a 4.5 s margin.
    private const float HistorySeconds = 9.3f;

    // One look-back step at 75 bpm searches ±30 % of 800 ms at 10 ms steps: 48 spans, and 2 to refine.
    private const int LookBackSpansPerStep = 50;
    private const long LookBackStepMicroseconds = 10000;
    private const int IntervalsPerInvocation = 1000;

    private readonly float[] _intervals = new float[IntervalsPerInvocation];
    private PulseHistory _history = null!;
    private BeatTemplate _template = null!;
    private BeatTemplate _curvatureFreeTemplate = null!;
    private NormalIntervalFilter _filter = null!;
    private long _beatTimeMicroseconds;
    private long _time;

    [GlobalSetup]
    public void Prepare()
    {
        // A pulse-like wave on the history's grid: a steep upstroke at each beat and a slow fall, 75 bpm.
        _history = new PulseHistory(HistorySeconds);
        long step = (long)(1000000.0f / PulseHistory.RateHz);
        long end = (long)(HistorySeconds * 1000000.0f);
        for (long t = 0; t <= end; t += step)
        {
            float phase = (t * 0.000001f) % IntervalSeconds / IntervalSeconds;
            _history.Add(t, phase < 0.15f ? phase / 0.15f : 1.0f - (phase - 0.15f) / 0.85f);
        }

        // The newest beat whose upstroke the history holds with the 180 ms after it the template needs.
        long interval = (long)(IntervalSeconds * 1000000.0f);
        _beatTimeMicroseconds = (end - 500000) / interval * interval + (long)(0.075f * interval);
        _template = new BeatTemplate();
        _curvatureFreeTemplate = new BeatTemplate { RemovesCurvature = true };
        for (int i = 0; i < 8; i++)
        {
            _template.AlignmentMicroseconds(_history, _beatTimeMicroseconds);
            _template.Update(true);
            _curvatureFreeTemplate.AlignmentMicroseconds(_history, _beatTimeMicroseconds);
            _curvatureFreeTemplate.Update(true);
        }

        for (int i = 0; i < IntervalsPerInvocation; i++)
        {
            _intervals[i] = 800.0f * (1.0f + 0.04f * (float)Math.Sin(i * 0.9) + ((i & 1) == 0 ? 0.01f : -0.01f));
        }

        _filter = new NormalIntervalFilter();
        _time = 0;
    }

    /// <summary>The beat re-timed on the upstroke template, and the template updated with it.</summary>
    [Benchmark]
    public float TemplateAlignment()
    {
        float shift = _template.AlignmentMicroseconds(_history, _beatTimeMicroseconds);
        _template.Update(true);
        return shift;
    }

    /// <summary>The same above 100 bpm, where each span's curvature is left out too (one more pass per shift).</summary>
    [Benchmark]
    public float TemplateAlignmentWithoutCurvature()
    {
        float shift = _curvatureFreeTemplate.AlignmentMicroseconds(_history, _beatTimeMicroseconds);
        _curvatureFreeTemplate.Update(true);
        return shift;
    }

    /// <summary>
    /// One step of the estimator's look-back (once per rhythm learned, a few steps): the upstroke span matched with the
    /// template at every 10 ms within ±30 % of one interval before a beat.
    /// </summary>
    [Benchmark]
    public float LookBackStep()
    {
        float best = -1.0f;
        long from = _beatTimeMicroseconds - (long)(1.3f * IntervalSeconds * 1000000.0f);
        for (int i = 0; i < LookBackSpansPerStep; i++)
        {
            float score = _template.MatchAt(_history, from + i * LookBackStepMicroseconds);
            best = score > best ? score : best;
        }

        return best;
    }

    /// <summary>The beat's two scores: the quality figure's (1.5 s of wave) and the NN gate's (one beat cycle).</summary>
    [Benchmark]
    public float BeatScores()
    {
        return _history.Correlation(IntervalSeconds, 1.5f) + _history.Correlation(IntervalSeconds, IntervalSeconds);
    }

    /// <summary>
    /// The NN gate's second look, after a swing of the interval when the cycle did not repeat: the beat's upstroke and
    /// peak (±0.3 s) against the beat before (<see cref="PulseHistory.CorrelationAround"/>).
    /// </summary>
    [Benchmark]
    public float UpstrokeSpanScore()
    {
        return _history.CorrelationAround(_beatTimeMicroseconds, IntervalSeconds, 0.3f);
    }

    /// <summary>One interval sorted by the NN filter (its decision on the interval before).</summary>
    [Benchmark(OperationsPerInvoke = IntervalsPerInvocation)]
    public bool SortOneInterval()
    {
        bool decided = false;
        for (int i = 0; i < IntervalsPerInvocation; i++)
        {
            _time += (long)(_intervals[i] * 1000.0f);
            decided |= _filter.Add(_time, _intervals[i], true);
        }

        return decided;
    }
}
