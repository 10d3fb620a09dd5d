namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The server cannot start for a reason the operator must fix: <see cref="Exception.Message"/> is one line
/// that names the file or address and says what to do; <see cref="ExitCode"/> is one of <see cref="ExitCodes"/>.</summary>
public sealed class StartupException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
