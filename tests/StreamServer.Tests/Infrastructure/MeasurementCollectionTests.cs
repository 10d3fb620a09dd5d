using System.Reflection;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

public sealed class MeasurementCollectionTests
{
    // A measuring test without the trait would run in build/test.sh's parallel phase, beside every other test project.
    [Fact]
    public void EveryClassInTheMeasurementCollectionCarriesTheTraitThatRunsItAlone()
    {
        Type[] measuring = typeof(MeasurementCollection).Assembly.GetTypes()
            .Where(type => type.GetCustomAttributesData().Any(data => data.AttributeType == typeof(CollectionAttribute)
                && (string?)data.ConstructorArguments[0].Value == MeasurementCollection.Name))
            .ToArray();

        Assert.NotEmpty(measuring);
        Assert.All(measuring, type => Assert.Contains(type.GetCustomAttributesData(), data => data.AttributeType == typeof(TraitAttribute)
            && (string?)data.ConstructorArguments[0].Value == "Category" && (string?)data.ConstructorArguments[1].Value == MeasurementCollection.Category));
    }
}
