namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>A mistake in the run command's options or input; the message says what to change.</summary>
public sealed class RunInputException(string message) : Exception(message);
