namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>The repository these tests were built from: the folder above the test binaries that holds Directory.Build.props.</summary>
public static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = Locate();

    /// <summary>The full path of <paramref name="relativePath"/> (with '/' separators) in the repository.</summary>
    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    private static string Locate()
    {
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder != null && !System.IO.File.Exists(Path.Combine(folder.FullName, "Directory.Build.props")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No Directory.Build.props above {AppContext.BaseDirectory}: run the tests from a build of the repository.");
    }
}
