namespace HeartRateStreamer.Tests.Bridge;

/// <summary>Carries a nano test failure that has no exception of its own (a data row that does not fit the method, a failed Setup).</summary>
public sealed class NanoTestFailedException(string message) : Exception(message)
{
}
