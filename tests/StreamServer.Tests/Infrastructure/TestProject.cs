using System.Reflection;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>The test project's source folder (where npm ci put node_modules and the node scripts live).</summary>
public static class TestProject
{
    public static string Directory { get; } = typeof(TestProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "TestProjectDirectory").Value!;
}
