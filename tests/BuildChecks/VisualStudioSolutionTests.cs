using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>HeartRateStreamer.sln is what Visual Studio users build and deploy from: every nanoFramework project must be in it.</summary>
public class VisualStudioSolutionTests
{
    [Fact]
    public void EveryNanoFrameworkProjectIsInTheSolution()
    {
        string solution = File.ReadAllText(Path.Combine(Repository.Root, "HeartRateStreamer.sln")).Replace('\\', '/');

        string[] missing = Repository.NanoProjects().Where(nfproj => !solution.Contains('"' + nfproj + '"', StringComparison.Ordinal)).ToArray();

        Assert.True(missing.Length == 0, $"Not in HeartRateStreamer.sln, so Visual Studio would not build or deploy them: {string.Join(", ", missing)}.");
    }
}
