namespace HeartRateStreamer.Flash;

/// <summary>Why the tool stops: the message for the person and the exit code (<see cref="ExitCodes"/>).</summary>
internal sealed class FlashException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
