using System.Xml.Linq;

namespace HeartRateStreamer.BuildChecks;

/// <summary>Finds the repository and reads its nanoFramework project descriptions.</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    private const string NanoGateProps = "build/NanoGate.props";

    /// <summary>Every .nfproj in the repository, relative to the root, with '/' separators.</summary>
    public static IEnumerable<string> NanoProjects() =>
        Directory.EnumerateFiles(Root, "*.nfproj", SearchOption.AllDirectories)
            .Select(Relative)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal);

    /// <summary>The items of one kind (Compile, Reference...) of an MSBuild project, by their Include value.</summary>
    public static IEnumerable<XElement> Items(string projectPath, string itemName) =>
        XDocument.Load(Path.Combine(Root, projectPath)).Descendants().Where(element => element.Name.LocalName == itemName);

    /// <summary>package id → version, from a packages.config.</summary>
    public static Dictionary<string, string> Packages(string packagesConfigPath) =>
        XDocument.Load(Path.Combine(Root, packagesConfigPath)).Descendants("package")
            .ToDictionary(package => (string)package.Attribute("id")!, package => (string)package.Attribute("version")!, StringComparer.Ordinal);

    /// <summary>The nanoFramework.CoreLibrary version build/NanoGate.props compiles the nano projects against.</summary>
    public static string NanoGateCoreLibraryVersion() =>
        Items(NanoGateProps, "PackageReference")
            .Where(reference => (string?)reference.Attribute("Include") == "nanoFramework.CoreLibrary")
            .Select(reference => (string?)reference.Attribute("Version"))
            .SingleOrDefault()
        ?? throw new InvalidOperationException($"{NanoGateProps} has no PackageReference to nanoFramework.CoreLibrary with a Version.");

    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>Build output that Visual Studio or the Linux build may leave inside a project folder.</summary>
    public static bool IsBuildOutput(string relativePath) =>
        relativePath.Split('/').Any(part => part is "bin" or "obj" or "artifacts" or "node_modules" or "packages");

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, NanoGateProps)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (a folder with {NanoGateProps}) above {AppContext.BaseDirectory}.");
    }
}
