namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>A mistake in the demo's options or a server that cannot be used: the message says what to change.</summary>
public sealed class DemoInputException(string message) : Exception(message)
{
}
