namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// A reason from elsewhere (an exception's message, often .NET's or nanoFramework's own sentence) as a clause of the
    /// device's log lines, which join it with "; " or ". ": its own final full stop would read ".;" or "..".
    /// </summary>
    public static class ReasonText
    {
        /// <summary><paramref name="reason"/> without a final full stop; only a full stop: a reason ending in '?' or '!'
        /// is kept as it is.</summary>
        public static string Clause(string reason)
        {
            return reason.Length > 0 && reason[reason.Length - 1] == '.' ? reason.Substring(0, reason.Length - 1) : reason;
        }
    }
}
