using System.Xml.Linq;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>CI builds and tests exactly what HeartRateStreamer.Linux.slnx lists, so every SDK-style project must be in it.</summary>
public class LinuxSolutionTests
{
    [Fact]
    public void EveryProjectIsInTheLinuxSolution()
    {
        HashSet<string> listed = XDocument.Load(Path.Combine(Repository.Root, "HeartRateStreamer.Linux.slnx"))
            .Descendants("Project")
            .Select(project => ((string)project.Attribute("Path")!).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

        string[] forgotten = Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Select(Repository.Relative)
            .Where(path => !Repository.IsBuildOutput(path) && !listed.Contains(path))
            .ToArray();

        Assert.True(
            forgotten.Length == 0,
            $"Not in HeartRateStreamer.Linux.slnx, so CI would never build or test them: {string.Join(", ", forgotten)}. "
            + "Run: dotnet sln HeartRateStreamer.Linux.slnx add <project>");
    }
}
