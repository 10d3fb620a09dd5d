using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>HeartRateStreamer.sln is what Visual Studio users build and deploy from: every nanoFramework project must be in it.</summary>
public class VisualStudioSolutionTests
{
    private static string Solution => File.ReadAllText(Path.Combine(Repository.Root, "HeartRateStreamer.sln")).Replace('\\', '/');

    [Fact]
    public void EveryNanoFrameworkProjectIsInTheSolution()
    {
        string solution = Solution;

        string[] missing = Repository.NanoProjects().Where(nfproj => !solution.Contains('"' + nfproj + '"', StringComparison.Ordinal)).ToArray();

        Assert.True(missing.Length == 0, $"Not in HeartRateStreamer.sln, so Visual Studio would not build or deploy them: {string.Join(", ", missing)}.");
    }

    // A project the solution's projects reference (a shared test library) belongs in it too, or Visual Studio shows it
    // nowhere; build/ holds the Linux build's mirrors of the nanoFramework projects, which the solution has as .nfproj.
    [Fact]
    public void EveryProjectItsProjectsReferenceIsInTheSolution()
    {
        string[] listed = Regex.Matches(Solution, "\"([^\"]+\\.csproj)\"").Select(match => match.Groups[1].Value).ToArray();

        string[] missing = listed
            .SelectMany(project => XDocument.Load(Path.Combine(Repository.Root, project)).Descendants("ProjectReference")
                .Select(reference => Repository.Relative(Path.GetFullPath(Path.Combine(Repository.Root, Path.GetDirectoryName(project)!, ((string)reference.Attribute("Include")!).Replace('\\', '/'))))))
            .Where(reference => !reference.StartsWith("build/", StringComparison.Ordinal) && !listed.Contains(reference))
            .Distinct()
            .ToArray();

        Assert.True(missing.Length == 0, $"Referenced by projects of HeartRateStreamer.sln but not in it, so Visual Studio would not show them: {string.Join(", ", missing)}.");
    }
}
