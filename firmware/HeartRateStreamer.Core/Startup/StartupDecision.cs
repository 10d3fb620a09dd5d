namespace HeartRateStreamer.Startup
{
    /// <summary>The answer of <see cref="StartupPolicy"/>: an action, how long to wait before it, and what a person should check.</summary>
    public sealed class StartupDecision
    {
        /// <summary>Creates a decision.</summary>
        public StartupDecision(StartupAction action, int delayMilliseconds, string advice)
        {
            Action = action;
            DelayMilliseconds = delayMilliseconds;
            Advice = advice;
        }

        /// <summary>Retry or continue degraded.</summary>
        public StartupAction Action { get; }

        /// <summary>Wait before retrying; 0 when continuing.</summary>
        public int DelayMilliseconds { get; }

        /// <summary>What to check, for the log.</summary>
        public string Advice { get; }

        /// <summary>One log line: the action and the advice.</summary>
        public override string ToString()
        {
            string action;
            switch (Action)
            {
                case StartupAction.Retry:
                    action = "retrying in " + (DelayMilliseconds / 1000).ToString() + " s";
                    break;
                default:
                    action = "continuing without it";
                    break;
            }

            return action + ". " + Advice;
        }
    }
}
