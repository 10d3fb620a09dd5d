namespace HeartRateStreamer.VirtualDevice;

/// <summary>
/// Bad input for any command: a usage mistake, a recording that cannot be read, a server that cannot be used.
/// The message says what was wrong and where, and what to change; commands turn it into exit code 2.
/// </summary>
public sealed class InputException(string message) : Exception(message);
