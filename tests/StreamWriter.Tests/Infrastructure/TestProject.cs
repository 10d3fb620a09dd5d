using System.Reflection;

namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>Where the test project's sources are (the npm client is installed there).</summary>
public static class TestProject
{
    /// <summary>The folder holding StreamWriter.Tests.csproj.</summary>
    public static string Directory { get; } = typeof(TestProject).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "TestProjectDirectory").Value!;
}
