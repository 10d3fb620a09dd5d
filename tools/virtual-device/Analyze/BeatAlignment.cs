namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// Puts a reference RR series (a chest strap's, with no clock of its own) on a recording's time axis and compares beat
/// by beat. The reference beats are the running sums of the RR intervals; the offset is the shift that brings them
/// closest to the detected beats (squared distance to the nearest, capped at the match window so missed and extra beats
/// weigh the same wherever they are), searched on a 10 ms grid over every overlap and then refined to the median
/// distance of the matched pairs. Because heart rate varies beat to beat, a shift by one beat leaves every pair off by
/// an interval's deviation from its neighbour, so the true alignment wins clearly.
/// <para>
/// A reference beat is found when a detected beat lies within 150 ms (the beat-matching window of ANSI/AAMI EC57 for
/// beat detectors). Reference beats count from the end of the estimator's learning time after the first sample
/// (<see cref="HeartRateStreamer.SignalProcessing.PulseEstimator.LearningMicroseconds"/>) to one second before the last
/// sample (a beat is committed up to 0.3 s plus half an interval after its time).
/// </para>
/// </summary>
public static class BeatAlignment
{
    private const double MatchWindowMilliseconds = 150.0;
    private const double SearchStepMilliseconds = 10.0;
    private const double CommitDelayMilliseconds = 1000.0;
    private const double VariabilityWindowMilliseconds = HeartRateStreamer.SignalProcessing.HeartRateVariabilityWindow.WindowMicroseconds / 1000.0;

    /// <summary>Compares <paramref name="analysis"/> with the reference RR intervals (milliseconds, in order).</summary>
    public static BeatComparison Compare(AnalysisResult analysis, IReadOnlyList<double> referenceIntervals)
    {
        double[] reference = new double[referenceIntervals.Count + 1];
        for (int i = 0; i < referenceIntervals.Count; i++)
        {
            reference[i + 1] = reference[i] + referenceIntervals[i];
        }

        double[] detected = [.. analysis.BeatTimesMilliseconds];
        double offset = detected.Length > 0 ? FindOffset(detected, reference) : 0.0;

        double from = analysis.FirstSampleMilliseconds + HeartRateStreamer.SignalProcessing.PulseEstimator.LearningMicroseconds / 1000.0;
        double to = analysis.FirstSampleMilliseconds + analysis.DurationSeconds * 1000.0 - CommitDelayMilliseconds;

        // One-to-one pairs: each reference beat takes the nearest unused detected beat within the window.
        int[] referenceOfDetected = new int[detected.Length];
        Array.Fill(referenceOfDetected, -1);
        int referenceBeats = 0;
        int found = 0;
        for (int j = 0; j < reference.Length; j++)
        {
            double time = reference[j] + offset;
            int nearest = Nearest(detected, time);
            if (nearest >= 0 && Math.Abs(detected[nearest] - time) <= MatchWindowMilliseconds && referenceOfDetected[nearest] < 0)
            {
                referenceOfDetected[nearest] = j;
            }

            if (time >= from && time <= to)
            {
                referenceBeats++;
                if (nearest >= 0 && referenceOfDetected[nearest] == j)
                {
                    found++;
                }
            }
        }

        // A detected beat is extra only where the reference was recording: a strap that stopped before the recording
        // (every welltory record: 2-3 s before) saw nothing there to match.
        double referenceFrom = Math.Max(from, reference[0] + offset - MatchWindowMilliseconds);
        double referenceTo = Math.Min(to, reference[^1] + offset + MatchWindowMilliseconds);
        int unmatched = 0;
        for (int i = 0; i < detected.Length; i++)
        {
            if (referenceOfDetected[i] < 0 && detected[i] >= referenceFrom && detected[i] <= referenceTo)
            {
                unmatched++;
            }
        }

        var errors = new List<double>();
        foreach (NormalInterval interval in analysis.Beats.NormalIntervals)
        {
            int end = Nearest(detected, interval.EndMilliseconds);
            int start = Nearest(detected, interval.EndMilliseconds - interval.Milliseconds);
            if (end > 0 && start >= 0 && referenceOfDetected[end] > 0 && referenceOfDetected[start] == referenceOfDetected[end] - 1)
            {
                errors.Add(Math.Abs(interval.Milliseconds - referenceIntervals[referenceOfDetected[end] - 1]));
            }
        }

        MeasuredAgainstReference? rmssd = null;
        MeasuredAgainstReference? sdnn = null;
        int referenceLeftOut = 0;
        // The estimator's last reading while the reference was still recording, so both cover the same minute.
        if (LastReadingBy(analysis.Beats.VariabilityReadings, referenceTo) is HeartRateVariabilityReading reading
            && ReferenceVariability(reference, offset, reading.TimeMilliseconds - VariabilityWindowMilliseconds, reading.TimeMilliseconds, LeftOutByTheNormalIntervalRule(referenceIntervals),
                out double referenceRmssd, out double referenceSdnn, out referenceLeftOut))
        {
            rmssd = new MeasuredAgainstReference(reading.RmssdMilliseconds, referenceRmssd);
            sdnn = new MeasuredAgainstReference(reading.SdnnMilliseconds, referenceSdnn);
        }

        double? rms = errors.Count > 0 ? Math.Sqrt(errors.Average(error => error * error)) : null;
        return new BeatComparison(offset, referenceBeats, found, unmatched, errors.Count, errors.Count > 0 ? Median(errors) : null, rms, rmssd, sdnn)
        {
            ReferenceIntervalsLeftOut = referenceLeftOut,
        };
    }

    // Which reference intervals the estimator's own NN rule would leave out (the firmware's filter, one home for the
    // rule), each judged with the intervals before and after it. Only counted, to say why two RMSSDs differ: the
    // reference's figures keep every interval as the strap or ECG gave it, so a rule cannot hide what it loses.
    private static bool[] LeftOutByTheNormalIntervalRule(IReadOnlyList<double> intervals)
    {
        var filter = new HeartRateStreamer.SignalProcessing.NormalIntervalFilter();
        var leftOut = new bool[intervals.Count];
        var indexOfEnd = new Dictionary<long, int>();
        long endMicroseconds = 0;
        for (int i = 0; i < intervals.Count; i++)
        {
            endMicroseconds += (long)Math.Round(intervals[i] * 1000.0);
            indexOfEnd[endMicroseconds] = i;
            if (filter.Add(endMicroseconds, (float)intervals[i], true))
            {
                Mark(filter, leftOut, indexOfEnd, i);
            }
        }

        if (filter.Break())
        {
            Mark(filter, leftOut, indexOfEnd, intervals.Count - 1);
        }

        // The first interval has none before it to be judged against: the rule marks it irregular for want of them.
        if (leftOut.Length > 0)
        {
            leftOut[0] = false;
        }

        return leftOut;
    }

    private static void Mark(HeartRateStreamer.SignalProcessing.NormalIntervalFilter filter, bool[] leftOut, Dictionary<long, int> indexOfEnd, int newest)
    {
        if (filter.DecidedKind == HeartRateStreamer.SignalProcessing.IntervalKind.Normal)
        {
            return;
        }

        leftOut[indexOfEnd[filter.DecidedEndMicroseconds]] = true;
        if (filter.DecidedKind == HeartRateStreamer.SignalProcessing.IntervalKind.ExtraBeat)
        {
            // Two short intervals that make one: the filter marks the newest with the one it decided.
            leftOut[newest] = true;
        }
    }

    private static HeartRateVariabilityReading? LastReadingBy(IReadOnlyList<HeartRateVariabilityReading> readings, double timeMilliseconds)
    {
        for (int i = readings.Count - 1; i >= 0; i--)
        {
            if (readings[i].TimeMilliseconds <= timeMilliseconds)
            {
                return readings[i];
            }
        }

        return null;
    }

    private static double FindOffset(double[] detected, double[] reference)
    {
        double lowest = detected[0] - reference[^1];
        double highest = detected[^1] - reference[0];
        double best = 0.0;
        double bestCost = double.MaxValue;
        for (double offset = lowest; offset <= highest; offset += SearchStepMilliseconds)
        {
            double cost = 0.0;
            foreach (double time in detected)
            {
                int nearest = Nearest(reference, time - offset);
                double distance = Math.Min(Math.Abs(reference[nearest] + offset - time), MatchWindowMilliseconds);
                cost += distance * distance;
            }

            if (cost < bestCost)
            {
                bestCost = cost;
                best = offset;
            }
        }

        // Refine: the median distance of the pairs inside the window.
        var distances = new List<double>();
        foreach (double time in detected)
        {
            int nearest = Nearest(reference, time - best);
            double distance = time - (reference[nearest] + best);
            if (Math.Abs(distance) <= MatchWindowMilliseconds)
            {
                distances.Add(distance);
            }
        }

        return distances.Count > 0 ? best + Median(distances) : best;
    }

    // RMSSD and SDNN of the reference intervals lying wholly in [from, to] on the recording's axis, by the device's own
    // window (one home for the formulas), and how many of them leftOut marks; false when the strap's intervals there
    // would give the device no reading.
    private static bool ReferenceVariability(double[] reference, double offset, double from, double to, bool[] leftOut, out double rmssd, out double sdnn, out int leftOutCount)
    {
        var window = new HeartRateStreamer.SignalProcessing.HeartRateVariabilityWindow(60000.0f / new HeartRateStreamer.SignalProcessing.PulseEstimatorSettings().MaximumBeatsPerMinute);
        bool follows = false;
        leftOutCount = 0;
        for (int j = 1; j < reference.Length; j++)
        {
            if (reference[j - 1] + offset >= from && reference[j] + offset <= to)
            {
                window.Add((long)((reference[j] + offset) * 1000.0), (float)(reference[j] - reference[j - 1]), follows);
                follows = true;
                if (leftOut[j - 1])
                {
                    leftOutCount++;
                }
            }
        }

        rmssd = window.RootMeanSquareSuccessiveDifferenceMilliseconds;
        sdnn = window.StandardDeviationMilliseconds;
        if (!window.HasReading)
        {
            leftOutCount = 0;
        }

        return window.HasReading;
    }

    // Index of the value nearest to time in an ascending array; -1 when empty.
    private static int Nearest(double[] sorted, double time)
    {
        if (sorted.Length == 0)
        {
            return -1;
        }

        int index = Array.BinarySearch(sorted, time);
        if (index >= 0)
        {
            return index;
        }

        int after = ~index;
        if (after == 0)
        {
            return 0;
        }

        if (after == sorted.Length)
        {
            return sorted.Length - 1;
        }

        return time - sorted[after - 1] <= sorted[after] - time ? after - 1 : after;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
    }
}
