namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The usual shape of the upstroke (foot to systolic peak) around each beat's time: the running average of recent
    /// clean beats, each with its linear trend removed and its size normalised. A new beat is timed again by sliding
    /// its upstroke against the template and taking the best-matching shift (cross-correlation, refined by a parabola
    /// through the three best shifts), so its time rests on the whole upstroke instead of two points of it. This
    /// lowers the beat-to-beat jitter that inflates RMSSD. Buffers are allocated once.
    /// </summary>
    public sealed class BeatTemplate
    {
        /// <summary>Points compared per beat: 300 ms at 10 ms spacing, finer than the 25 samples/s history grid.</summary>
        public const int Points = 31;

        // The span compared: 150 ms either side of the beat time (the upstroke's middle), i.e. the foot and the
        // systolic peak; the crest time (foot to peak) is 0.1–0.3 s (Elgendi, Curr. Cardiol. Rev. 8(1), 2012). The
        // diastolic part is left out: it stretches and shrinks with the interval (sinus arrhythmia), the upstroke does not.
        private const long HalfSpanMicroseconds = 150000;

        // Shifts tried: ±3 steps of 10 ms, wider than the typical fiducial jitter (the median interval error is 5–10 ms),
        // so a beat off by up to 25 ms still has a best shift inside the range to refine.
        private const long ShiftStepMicroseconds = 10000;
        private const int ShiftSteps = 3;

        // Beats averaged (weight 1/n) before the template times anything; afterwards each clean beat has weight 1/8,
        // an average over the last ~8 s at rest, close to Orphanidou et al.'s 10 s template (IEEE JBHI 19(3), 2015).
        private const int LearningBeats = 4;
        private const int AveragedBeats = 8;

        private readonly float[] _template = new float[Points];
        private readonly float[] _beat = new float[Points];
        private int _beats;
        private bool _hasBeat;

        /// <summary>True once enough clean beats have been averaged for the template to time new ones.</summary>
        public bool IsLearned => _beats >= LearningBeats;

        /// <summary>Forgets the template (after motion or a lost pulse the shape may differ).</summary>
        public void Reset()
        {
            _beats = 0;
            _hasBeat = false;
        }

        /// <summary>
        /// How far (microseconds, positive = later) the upstroke around <paramref name="beatTimeMicroseconds"/> must be
        /// moved to match the template best; 0 until the template is learned, or when the history does not hold the
        /// span (which needs 180 ms of wave after the beat time). The beat, at
        /// that shift, is kept for <see cref="Update"/>.
        /// </summary>
        public float AlignmentMicroseconds(PulseHistory history, long beatTimeMicroseconds)
        {
            if (!IsLearned)
            {
                Take(history, beatTimeMicroseconds);
                return 0.0f;
            }

            float best = -2.0f;
            float belowBest = 0.0f;
            float aboveBest = 0.0f;
            float previous = 0.0f;
            int bestStep = 0;
            for (int step = -ShiftSteps; step <= ShiftSteps; step++)
            {
                float match = Take(history, beatTimeMicroseconds + step * ShiftStepMicroseconds) ? Match() : -2.0f;
                if (match > best)
                {
                    best = match;
                    bestStep = step;
                    belowBest = previous;
                }
                else if (step == bestStep + 1)
                {
                    aboveBest = match;
                }

                previous = match;
            }

            if (!Take(history, beatTimeMicroseconds + bestStep * ShiftStepMicroseconds))
            {
                return 0.0f;
            }

            // At the edge of the range there is no parabola: the shift stays at the edge.
            float refinement = 0.0f;
            if (bestStep > -ShiftSteps && bestStep < ShiftSteps)
            {
                float curvature = belowBest - 2.0f * best + aboveBest;
                refinement = curvature < 0.0f ? 0.5f * (belowBest - aboveBest) / curvature : 0.0f;
            }

            return (bestStep + refinement) * ShiftStepMicroseconds;
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

            float weight = 1.0f / _beats;
            for (int i = 0; i < Points; i++)
            {
                _template[i] += weight * (_beat[i] - _template[i]);
            }
        }

        // Takes the span around centreMicroseconds from the history into _beat, normalised; false when it is not there
        // or flat.
        private bool Take(PulseHistory history, long centreMicroseconds)
        {
            _hasBeat = history.Resample(centreMicroseconds - HalfSpanMicroseconds, centreMicroseconds + HalfSpanMicroseconds, _beat) && Normalise(_beat);
            return _hasBeat;
        }

        // Correlation of _beat with the template (both have zero mean; _beat has unit length).
        private float Match()
        {
            float dot = 0.0f;
            float norm = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                dot += _beat[i] * _template[i];
                norm += _template[i] * _template[i];
            }

            return norm > 0.0f ? dot / SignalMath.SquareRoot(norm) : 0.0f;
        }

        // Removes the least-squares line and scales to unit length, so only the shape is compared (baseline wander and
        // pulse size are not shape). Returns false for a flat span.
        private static bool Normalise(float[] values)
        {
            float centre = 0.5f * (Points - 1);
            float sum = 0.0f;
            float sumT = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                sum += values[i];
                sumT += (i - centre) * values[i];
            }

            float sumTT = Points * ((float)Points * Points - 1.0f) / 12.0f;
            float mean = sum / Points;
            float slope = sumT / sumTT;
            float squares = 0.0f;
            for (int i = 0; i < Points; i++)
            {
                values[i] -= mean + slope * (i - centre);
                squares += values[i] * values[i];
            }

            if (!(squares > 0.0f))
            {
                return false;
            }

            float scale = 1.0f / SignalMath.SquareRoot(squares);
            for (int i = 0; i < Points; i++)
            {
                values[i] *= scale;
            }

            return true;
        }
    }
}
