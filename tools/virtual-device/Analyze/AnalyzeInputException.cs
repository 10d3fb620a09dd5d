namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>Bad input for analyze: a usage mistake or a problem in a file. The message says what and where.</summary>
public sealed class AnalyzeInputException : Exception
{
    /// <summary>Creates the exception with a message that names the file, line and problem where there are any.</summary>
    public AnalyzeInputException(string message)
        : base(message)
    {
    }
}
