namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The usual shape of the upstroke (foot to systolic peak) around each beat's time: the running average of recent
    /// clean beats, each with its linear trend removed and its size normalised. A new beat is timed again by sliding
    /// its upstroke against the template and taking the best-matching shift (cross-correlation, refined by a parabola
    /// through the three best shifts), so its time rests on the whole upstroke instead of two points of it. This
    /// lowers the beat-to-beat jitter that inflates RMSSD. Buffers are allocated once.
    /// </summary>
    /// <remarks>
    /// Cheap per beat: the wave is resampled once, over a window that covers every shift. The template has zero mean
    /// and zero linear trend (an average of detrended spans), so its dot product with a raw span equals that with the
    /// detrended span, and the detrended span's length follows from three sums that slide along the window: each shift
    /// costs one pass of multiply-adds and writes nothing. Only the span kept for <see cref="Update"/> is detrended. With
    /// <see cref="RemovesCurvature"/> a fourth sum, the span's component along a quadratic, takes one more pass per shift,
    /// and the template's own component is measured at its update (or when the setting turns on).
    /// </remarks>
    public sealed class BeatTemplate
    {
        /// <summary>Points compared per beat: 300 ms at 10 ms spacing, finer than the 25 samples/s history grid.</summary>
        public const int Points = 31;

        // The span compared: 150 ms either side of the beat time (the upstroke's middle), i.e. the foot and the
        // systolic peak; the crest time (foot to peak) is 0.1–0.3 s (Elgendi, Curr. Cardiol. Rev. 8(1), 2012). The
        // diastolic part is left out: it stretches and shrinks with the interval (sinus arrhythmia), the upstroke does not.
        private const long HalfSpanMicroseconds = 150000;

        // Shifts tried: ±3 steps of 10 ms (the spacing of the points), wider than the typical fiducial jitter (the median
        // interval error is 5–10 ms), so a beat off by up to 25 ms still has a best shift inside the range to refine.
        private const long ShiftStepMicroseconds = 10000;
        private const int ShiftSteps = 3;
        private const int Shifts = 2 * ShiftSteps + 1;
        private const int WindowPoints = Points + 2 * ShiftSteps;
        private const long HalfWindowMicroseconds = HalfSpanMicroseconds + ShiftSteps * ShiftStepMicroseconds;

        // Beats averaged (weight 1/n) before the template times anything; afterwards each clean beat has weight 1/8,
        // an average over the last ~8 s at rest, close to Orphanidou et al.'s 10 s template (IEEE JBHI 19(3), 2015).
        private const int LearningBeats = 4;
        private const int AveragedBeats = 8;

        // A span whose detrended energy is below this share of its raw energy is flat: single precision (24 bits,
        // 6e-8) summed over 31 points leaves about 2e-6 of the raw energy as rounding, which must not count as shape.
        private const float FlatEnergyShare = 1e-5f;

        // The centre of a span's point index, and Σ(i − centre)² over the span (closed form for 0..Points−1).
        private const float Centre = 0.5f * (Points - 1);
        private const float SumOfSquaredOffsets = Points * ((float)Points * Points - 1.0f) / 12.0f;

        private readonly float[] _template = new float[Points];
        private readonly float[] _window = new float[WindowPoints];
        private readonly float[] _dots = new float[Shifts];
        private readonly float[] _energies = new float[Shifts];
        private readonly float[] _comparedEnergies = new float[Shifts];
        private readonly float[] _means = new float[Shifts];
        private readonly float[] _slopes = new float[Shifts];
        // Each shift's span component along the quadratic, measured only with RemovesCurvature.
        private readonly float[] _curvatures = new float[Shifts];
        private readonly float[] _span = new float[Points];

        // A quadratic across the span, (i − centre)² less its mean: orthogonal to the mean and the trend, so removing a
        // span's component along it leaves those removals as they were. Its energy, and the template's component along it
        // (measured only while RemovesCurvature: at rest nothing reads it).
        private readonly float[] _curvature = new float[Points];
        private readonly float _curvatureEnergy;
        private float _templateCurvature;
        private float _templateEnergy;

        // The template's energy as spans are compared with it: less its curvature while RemovesCurvature (kept from the
        // last update, so a comparison makes no call for it: the interpreter pays for every call).
        private float _comparedTemplateEnergy;
        private bool _removesCurvature;
        private int _beats;
        private bool _hasBeat;
        private int _beatShift;

        /// <summary>A template with nothing learned yet.</summary>
        public BeatTemplate()
        {
            for (int i = 0; i < Points; i++)
            {
                float offset = i - Centre;
                _curvature[i] = offset * offset - SumOfSquaredOffsets / Points;
                _curvatureEnergy += _curvature[i] * _curvature[i];
            }
        }

        /// <summary>
        /// When true, a span is compared with the template once its curvature (its component along a quadratic across
        /// the span) is removed too, not only its mean and trend. At fast rates the previous beat's run-off has not died
        /// away under the next upstroke: it bends the span at a level set by the interval before, and pulls the best
        /// match with it, which smooths beat-to-beat variation out of the intervals. At rest the upstroke's own bend is
        /// shape the match needs. The template is kept the same way either way.
        /// </summary>
        public bool RemovesCurvature
        {
            get
            {
                return _removesCurvature;
            }

            set
            {
                // The estimator sets it once per beat: only a change measures the template's curvature again.
                if (value != _removesCurvature)
                {
                    _removesCurvature = value;
                    CompareTemplateAsSet();
                }
            }
        }

        /// <summary>True once enough clean beats have been averaged for the template to time new ones.</summary>
        public bool IsLearned => _beats >= LearningBeats;

        /// <summary>True once at least one clean beat has been averaged: a shape to compare spans with (<see cref="MatchAt"/>).</summary>
        public bool HasShape => _beats > 0;

        /// <summary>The size (highest minus lowest point) of the span measured by the last <see cref="MatchAt"/>.</summary>
        public float MatchedSize { get; private set; }

        /// <summary>
        /// Correlation of the upstroke span centred on <paramref name="beatTimeMicroseconds"/> (trend removed) with the
        /// template, whatever its size (see <see cref="MatchedSize"/>); −1 without a shape, when the history does not
        /// hold the span, or when it is flat. Leaves the beat kept for <see cref="Update"/> alone.
        /// </summary>
        public float MatchAt(PulseHistory history, long beatTimeMicroseconds)
        {
            MatchedSize = 0.0f;
            if (!HasShape || !history.Resample(beatTimeMicroseconds - HalfSpanMicroseconds, beatTimeMicroseconds + HalfSpanMicroseconds, _span))
            {
                return -1.0f;
            }

            float level = _span[Points / 2];
            float sum = 0.0f;
            float sumOfOffsets = 0.0f;
            float sumOfSquares = 0.0f;
            float sumOfCurvature = 0.0f;
            float dot = 0.0f;
            float highest = _span[0];
            float lowest = _span[0];
            for (int i = 0; i < Points; i++)
            {
                float value = _span[i];
                highest = value > highest ? value : highest;
                lowest = value < lowest ? value : lowest;
                value -= level;
                sum += value;
                sumOfOffsets += (i - Centre) * value;
                sumOfSquares += value * value;
                dot += value * _template[i];
            }

            if (_removesCurvature)
            {
                sumOfCurvature = CurvatureOf(_span, 0, level);
                dot = WithoutCurvature(dot, sumOfCurvature);
            }

            MatchedSize = highest - lowest;
            float product = SpanEnergy(sum, sumOfOffsets, sumOfSquares, sumOfCurvature, _removesCurvature) * _comparedTemplateEnergy;
            return product > 0.0f ? dot / SignalMath.SquareRoot(product) : -1.0f;
        }

        /// <summary>Forgets the template (after motion or a lost pulse the shape may differ).</summary>
        public void Reset()
        {
            _beats = 0;
            _hasBeat = false;
        }

        /// <summary>
        /// How far (microseconds, positive = later) the upstroke around <paramref name="beatTimeMicroseconds"/> must be
        /// moved to match the template best; 0 until the template is learned, or when the history does not hold the
        /// span (which needs 180 ms of wave either side of the beat time). The beat, at that shift, is kept for
        /// <see cref="Update"/>.
        /// </summary>
        public float AlignmentMicroseconds(PulseHistory history, long beatTimeMicroseconds)
        {
            _hasBeat = false;
            if (!history.Resample(beatTimeMicroseconds - HalfWindowMicroseconds, beatTimeMicroseconds + HalfWindowMicroseconds, _window))
            {
                return 0.0f;
            }

            // Measured from the window's middle, the sums below stay near zero, where single precision has resolution to
            // spare (a span's shape does not depend on its level).
            float level = _window[WindowPoints / 2];
            for (int i = 0; i < WindowPoints; i++)
            {
                _window[i] -= level;
            }

            MeasureShifts(IsLearned);
            if (!IsLearned)
            {
                Keep(ShiftSteps);
                return 0.0f;
            }

            // The best shift by the signed square of its correlation (same order, no square root per shift).
            int best = -1;
            float bestKey = 0.0f;
            for (int shift = 0; shift < Shifts; shift++)
            {
                float energy = _comparedEnergies[shift];
                if (energy > 0.0f)
                {
                    float key = _dots[shift] * SignalMath.Absolute(_dots[shift]) / energy;
                    if (best < 0 || key > bestKey)
                    {
                        best = shift;
                        bestKey = key;
                    }
                }
            }

            if (best < 0 || !Keep(best))
            {
                return 0.0f;
            }

            // At the edge of the range there is no parabola: the shift stays at the edge.
            float refinement = 0.0f;
            if (best > 0 && best < Shifts - 1)
            {
                float below = Correlation(best - 1);
                float peak = Correlation(best);
                float above = Correlation(best + 1);
                float curvature = below - 2.0f * peak + above;
                refinement = curvature < 0.0f ? 0.5f * (below - above) / curvature : 0.0f;
            }

            return (best - ShiftSteps + refinement) * ShiftStepMicroseconds;
        }

        /// <summary>Averages the last aligned beat into the template when <paramref name="isClean"/>.</summary>
        public void Update(bool isClean)
        {
            if (!_hasBeat || !isClean)
            {
                _hasBeat = false;
                return;
            }

            _hasBeat = false;
            if (_beats < AveragedBeats)
            {
                _beats++;
            }

            // The kept span, detrended and scaled to unit length, joins the average; the template's energy is kept for
            // the correlations until the next update.
            float weight = 1.0f / _beats;
            float mean = _means[_beatShift];
            float slope = _slopes[_beatShift];
            float scale = 1.0f / SignalMath.SquareRoot(_energies[_beatShift]);
            float energy = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                float beat = (_window[_beatShift + i] - mean - slope * (i - Centre)) * scale;
                float value = _template[i] + weight * (beat - _template[i]);
                _template[i] = value;
                energy += value * value;
            }

            _templateEnergy = energy;
            CompareTemplateAsSet();
        }

        // For every shift: the span's trend line (mean and slope), its energy once that is removed (0 when flat), the
        // energy it is compared by (less its curvature with RemovesCurvature) and, when withTemplate, its dot product with
        // the template. The three sums behind the trend and the energy slide along the window one point per shift; the
        // curvature's takes a pass of its own, made for every shift before the sums: a call while they are live made .NET's
        // JIT keep them in memory (100 ns a beat more on a PC, 2026-12-07).
        private void MeasureShifts(bool withTemplate)
        {
            if (_removesCurvature)
            {
                for (int shift = 0; shift < Shifts; shift++)
                {
                    _curvatures[shift] = CurvatureOf(_window, shift, 0.0f);
                }
            }

            float sum = 0.0f;
            float sumOfOffsets = 0.0f;
            float sumOfSquares = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                float value = _window[i];
                sum += value;
                sumOfOffsets += (i - Centre) * value;
                sumOfSquares += value * value;
            }

            for (int shift = 0; shift < Shifts; shift++)
            {
                if (shift > 0)
                {
                    // Σv, Σ(i − c)v and Σv² of the span one point later: the oldest point leaves, a new one joins,
                    // and every remaining point's offset drops by one.
                    float leaving = _window[shift - 1];
                    float joining = _window[shift - 1 + Points];
                    sumOfOffsets += (Centre + 1.0f) * leaving + (Points - 1 - Centre) * joining - sum;
                    sum += joining - leaving;
                    sumOfSquares += joining * joining - leaving * leaving;
                }

                _energies[shift] = SpanEnergy(sum, sumOfOffsets, sumOfSquares, 0.0f, false);
                _comparedEnergies[shift] = _removesCurvature ? SpanEnergy(sum, sumOfOffsets, sumOfSquares, _curvatures[shift], true) : _energies[shift];
                _means[shift] = sum / Points;
                _slopes[shift] = sumOfOffsets / SumOfSquaredOffsets;

                if (withTemplate)
                {
                    float dot = 0.0f;
                    for (int i = 0; i < Points; i++)
                    {
                        dot += _window[shift + i] * _template[i];
                    }

                    _dots[shift] = _removesCurvature ? WithoutCurvature(dot, _curvatures[shift]) : dot;
                }
            }
        }

        // A span's energy once its trend line (and withoutCurvature its curvature) is removed, from its sums Σv,
        // Σ(i − c)v, Σv² and its component along the quadratic; 0 when it is flat.
        private float SpanEnergy(float sum, float sumOfOffsets, float sumOfSquares, float sumOfCurvature, bool withoutCurvature)
        {
            float energy = sumOfSquares - sum * sum / Points - sumOfOffsets * sumOfOffsets / SumOfSquaredOffsets;
            if (withoutCurvature)
            {
                energy -= sumOfCurvature * sumOfCurvature / _curvatureEnergy;
            }

            return energy > FlatEnergyShare * sumOfSquares ? energy : 0.0f;
        }

        // The component along the quadratic of the Points values from start, each less level (the quadratic sums to 0,
        // so the level changes nothing but the rounding: a span measured from its middle keeps the sum near zero).
        private float CurvatureOf(float[] values, int start, float level)
        {
            float sum = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                sum += _curvature[i] * (values[start + i] - level);
            }

            return sum;
        }

        // A span's dot product with the template once both lose their curvature.
        private float WithoutCurvature(float dot, float sumOfCurvature)
        {
            return dot - sumOfCurvature * _templateCurvature / _curvatureEnergy;
        }

        // The template's energy as spans are compared with it, for the RemovesCurvature set (with it, the template's
        // curvature too: only Update changes the template, and it calls this).
        private void CompareTemplateAsSet()
        {
            if (_removesCurvature)
            {
                _templateCurvature = CurvatureOf(_template, 0, 0.0f);
                _comparedTemplateEnergy = _templateEnergy - _templateCurvature * _templateCurvature / _curvatureEnergy;
            }
            else
            {
                _comparedTemplateEnergy = _templateEnergy;
            }
        }

        // Keeps the span at shift for Update; false (nothing kept) when it is flat.
        private bool Keep(int shift)
        {
            _beatShift = shift;
            _hasBeat = _energies[shift] > 0.0f;
            return _hasBeat;
        }

        // Correlation of the detrended span at shift with the template (the template's own mean and trend are zero).
        private float Correlation(int shift)
        {
            float energy = _comparedEnergies[shift] * _comparedTemplateEnergy;
            return energy > 0.0f ? _dots[shift] / SignalMath.SquareRoot(energy) : -1.0f;
        }
    }
}
