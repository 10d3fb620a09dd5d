namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>Tests that measure a server process (its memory, how fast it stops, what it allocates) run alone, after the
/// others: what they measure should be the server, not the rest of the test run competing for two cores. The collection
/// keeps other tests of this project away; the trait <see cref="Category"/>, which every class in it carries
/// (MeasurementCollectionTests), has build/test.sh run them after every other project, one project at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurements of a server process";

    /// <summary>The value of the trait "Category" that build/test.sh runs in its serial phase.</summary>
    public const string Category = "Measurement";
}
