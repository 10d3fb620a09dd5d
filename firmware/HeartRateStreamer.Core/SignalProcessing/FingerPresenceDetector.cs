namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// Finger on the sensor or not, from the infrared level with hysteresis: "on" above one level, "off" only below a
    /// lower one, so a level hovering near a single threshold cannot make the state flicker.
    /// </summary>
    public sealed class FingerPresenceDetector
    {
        private readonly float _onLevel;
        private readonly float _offLevel;

        // A field behind IsPresent: Update runs on every sample, where the interpreter pays a call per property access.
        private bool _isPresent;

        /// <summary>Creates a detector that turns on above <paramref name="onLevel"/> and off below <paramref name="offLevel"/>.</summary>
        public FingerPresenceDetector(float onLevel, float offLevel)
        {
            _onLevel = onLevel;
            _offLevel = offLevel;
        }

        /// <summary>Whether a finger is on the sensor.</summary>
        public bool IsPresent => _isPresent;

        /// <summary>Starts again from "no finger".</summary>
        public void Reset()
        {
            _isPresent = false;
        }

        /// <summary>Updates the state from the current (smoothed) level; returns true when the state changed.</summary>
        public bool Update(float level)
        {
            bool present = _isPresent ? level >= _offLevel : level > _onLevel;
            bool changed = present != _isPresent;
            _isPresent = present;
            return changed;
        }
    }
}
