namespace HeartRateStreamer.VirtualDevice;

/// <summary>
/// A subcommand: it receives the arguments after its name, writes results to <paramref name="output"/> and problems to
/// <paramref name="error"/>, and returns the process exit code (0 success, 2 bad input or usage).
/// </summary>
public delegate int Command(string[] arguments, TextWriter output, TextWriter error);
