namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>Tests that measure a server process (its memory, how fast it stops) run alone, after the others:
/// what they measure should be the server, not the rest of the test run competing for two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurements of a server process";
}
