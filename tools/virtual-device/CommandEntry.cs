namespace HeartRateStreamer.VirtualDevice;

/// <summary>
/// A command's entry point: it receives the arguments after its name, writes results to <paramref name="output"/> and problems to
/// <paramref name="error"/>, and returns the process exit code (0 success, 2 bad input or usage).
/// </summary>
public delegate int CommandEntry(string[] arguments, TextWriter output, TextWriter error);
