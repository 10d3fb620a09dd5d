namespace HeartRateStreamer.VirtualDevice;

/// <summary>
/// Bad input for any command: a file that is not there or cannot be used (a device.json, a recording), a server that
/// cannot be used, or a mistake on the command line (<see cref="CommandLineException"/>). The message says what was
/// wrong and where, and what to change; commands turn it into exit code 2 (<see cref="OptionValues.Refuse"/>).
/// </summary>
public class InputException(string message) : Exception(message);

/// <summary>
/// A mistake in the command line itself (an unknown option, a number out of range, options that do not go together):
/// the only bad input after which a command prints its usage, which is about the command line and would bury the
/// message about a file's content.
/// </summary>
public sealed class CommandLineException(string message) : InputException(message);
