using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>No source or document keeps the markers of a merge that was committed unresolved (git writes them at the
/// start of a line; a README with both sides still in it once reached main).</summary>
public sealed class MergeConflictTests
{
    private static readonly string[] Markers = ["<<<<<<< ", ">>>>>>> "];

    private static readonly string[] TextExtensions = [".cs", ".md", ".json", ".js", ".css", ".html", ".sh", ".props", ".csproj", ".nfproj", ".slnx", ".yml", ".config"];

    [Fact]
    public void NoFileKeepsMergeConflictMarkers()
    {
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Repository.Root, "*", SearchOption.AllDirectories))
        {
            string relative = Repository.Relative(file);
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || Repository.IsBuildOutput(relative) || !TextExtensions.Contains(Path.GetExtension(file)))
            {
                continue;
            }

            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (Markers.Any(marker => lines[i].StartsWith(marker, StringComparison.Ordinal)))
                {
                    found.Add($"{relative}:{i + 1}: {lines[i]}");
                }
            }
        }

        Assert.True(found.Count == 0, "merge conflict markers left in (resolve each: keep what both sides meant, drop the markers):\n" + string.Join("\n", found));
    }
}
