using HeartRateStreamer.SignalProcessing;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// Runs the firmware's <see cref="PulseEstimator"/> over a recording, sample by sample as the device would, and sums
/// up what it reported. A recording's level says nothing about a finger and its converter's clip level is unknown,
/// so finger detection by level and saturation are off; the estimator's own quality figure decides what is valid.
/// </summary>
public sealed class RecordingAnalyzer
{
    private readonly PulseEstimator _estimator;
    private readonly List<double> _beatTimes = [];
    private readonly List<double> _intervals = [];
    private bool _hasSample;
    private long _firstTimeMicroseconds;
    private long _previousTimeMicroseconds;
    private bool _previousHadHeartRate;
    private bool _previousHadOxygen;
    private float _previousOxygen;
    private double _validMicroseconds;
    private double _oxygenWeightedSum;
    private double _oxygenMicroseconds;
    private int _sampleCount;
    private readonly List<NormalInterval> _normalIntervals = [];
    private readonly List<HeartRateVariabilityReading> _variabilityReadings = [];
    private readonly SampleSpacing _spacing = new();

    /// <summary>Creates an analyzer; <paramref name="pulseRaisesSignal"/> for signals that rise with each beat.</summary>
    public RecordingAnalyzer(bool pulseRaisesSignal)
    {
        _estimator = new PulseEstimator(CreateSettings(pulseRaisesSignal));
    }

    /// <summary>Estimator settings for a recording: no finger or saturation levels, the given polarity.</summary>
    public static PulseEstimatorSettings CreateSettings(bool pulseRaisesSignal) => new()
    {
        FingerOnLevel = float.MinValue,
        FingerOffLevel = float.MinValue,
        SaturationLevel = float.MaxValue,
        PulseRaisesSignal = pulseRaisesSignal,
    };

    /// <summary>Feeds one sample (times never decrease; the reader checks that).</summary>
    public void Add(long timeMicroseconds, float signal, float red, bool hasRed)
    {
        if (_hasSample)
        {
            // Each interval counts as valid when the reading held at its start.
            long interval = timeMicroseconds - _previousTimeMicroseconds;
            _spacing.Add(interval);
            if (_previousHadHeartRate)
            {
                _validMicroseconds += interval;
            }

            if (_previousHadOxygen)
            {
                _oxygenWeightedSum += _previousOxygen * (double)interval;
                _oxygenMicroseconds += interval;
            }
        }
        else
        {
            _hasSample = true;
            _firstTimeMicroseconds = timeMicroseconds;
        }

        _previousTimeMicroseconds = timeMicroseconds;
        _sampleCount++;
        bool beat = hasRed ? _estimator.AddSample(timeMicroseconds, signal, red) : _estimator.AddSample(timeMicroseconds, signal);
        if (beat)
        {
            _beatTimes.Add(_estimator.LastBeatTimeMicroseconds / 1000.0);
            for (int index = 0; index < _estimator.NewLookBackBeatCount; index++)
            {
                // Found late, before the beats of the chain that revealed them: kept in time order.
                double time = _estimator.LookBackBeatTimeMicroseconds(index) / 1000.0;
                int position = _beatTimes.BinarySearch(time);
                _beatTimes.Insert(position < 0 ? ~position : position, time);
            }

            if (_estimator.HasHeartRate && _estimator.HasLastInterBeatInterval && _estimator.LastInterBeatIntervalIsRegular)
            {
                _intervals.Add(_estimator.LastInterBeatIntervalMilliseconds);
            }
        }

        // Intervals are decided a beat late, a break (a gap, motion) decides one between beats, and a look-back's replay
        // decides several at once: every NN interval numbered from the last one taken.
        NormalIntervalFilter filter = _estimator.NormalIntervals;
        IntervalRing recent = filter.RecentNormalIntervals;
        for (int number = _normalIntervals.Count; number < filter.NormalCount; number++)
        {
            int index = number - (filter.NormalCount - recent.Count);
            _normalIntervals.Add(new NormalInterval(recent.EndMicroseconds(index) / 1000.0, recent.Milliseconds(index), recent.Flag(index)));
        }

        if (beat && _estimator.HasHeartRateVariability)
        {
            _variabilityReadings.Add(new HeartRateVariabilityReading(
                timeMicroseconds / 1000.0,
                _estimator.RootMeanSquareSuccessiveDifferenceMilliseconds,
                _estimator.StandardDeviationOfNormalIntervalsMilliseconds,
                _estimator.HeartRateVariabilityQualityPercent));
        }

        _previousHadHeartRate = _estimator.HasHeartRate;
        _previousHadOxygen = _estimator.HasOxygenSaturation;
        _previousOxygen = _estimator.OxygenSaturationPercent;
    }

    /// <summary>Sums up the recording.</summary>
    public AnalysisResult Finish(string file, bool hasRed)
    {
        double durationMicroseconds = _previousTimeMicroseconds - _firstTimeMicroseconds;
        double? mean = _intervals.Count > 0 ? 60000.0 / _intervals.Average() : null;
        double? median = _intervals.Count > 0 ? 60000.0 / Median(_intervals) : null;
        double? oxygen = _oxygenMicroseconds > 0.0 ? _oxygenWeightedSum / _oxygenMicroseconds : null;
        double validPercent = durationMicroseconds > 0.0 ? 100.0 * _validMicroseconds / durationMicroseconds : 0.0;
        NormalIntervalFilter filter = _estimator.NormalIntervals;
        var beats = new BeatSummary(_normalIntervals, filter.DecidedCount, filter.MissedBeatCount, filter.ExtraBeatCount, filter.EctopicCount, filter.IrregularCount, filter.UnclearCount, _variabilityReadings)
        {
            LookBackBeatCount = _estimator.LookBackBeatCount,
        };
        int repeated = _estimator.RejectedSampleCount;
        string?[] notes = [repeated > 0 ? $"{repeated} samples repeated the previous time and were skipped" : null, _spacing.Note()];
        return new AnalysisResult(file, _sampleCount, durationMicroseconds / 1000000.0, _beatTimes, _intervals, mean, median, oxygen, hasRed, validPercent)
        {
            FirstSampleMilliseconds = _firstTimeMicroseconds / 1000.0,
            Beats = beats,
            Notes = notes.OfType<string>().ToArray(),
        };
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
