using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// The Linux build compiles every .cs file in a nanoFramework project folder; Visual Studio compiles only
/// the .nfproj's Compile items. These tests keep the two the same set, so what CI checks is what ships.
/// </summary>
public class NanoProjectSourcesTests
{
    public static TheoryData<string> NanoProjects() => new(Repository.NanoProjects());

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void EveryFileOnDiskIsCompiledByTheNfproj(string nfproj)
    {
        string[] missing = SourcesOnDisk(nfproj).Except(CompileItems(nfproj)).ToArray();

        Assert.True(
            missing.Length == 0,
            $"{string.Join(", ", missing.Select(file => Folder(nfproj) + file))} not listed in {nfproj}: add "
            + string.Join(" ", missing.Select(file => $"<Compile Include=\"{file.Replace('/', '\\')}\" />"))
            + " so the nanoFramework build compiles what the Linux build checks.");
    }

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void EveryCompileItemExistsOnDisk(string nfproj)
    {
        string[] stale = CompileItems(nfproj).Except(SourcesOnDisk(nfproj)).ToArray();

        Assert.True(
            stale.Length == 0,
            $"{nfproj} lists {string.Join(", ", stale)}, which do not exist under {Folder(nfproj)}: remove the items or restore the files.");
    }

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void ProjectHasPackagesConfigWithCoreLibrary(string nfproj)
    {
        // The version the Linux nano gate compiles against is the one Visual Studio's build must use.
        string config = Folder(nfproj) + "packages.config";
        Assert.True(File.Exists(Path.Combine(Repository.Root, config)), $"{nfproj} has no packages.config beside it.");
        Assert.Equal(Repository.NanoGateCoreLibraryVersion(), Repository.Packages(config).GetValueOrDefault("nanoFramework.CoreLibrary"));
    }

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void EveryReferencedPackageIsInPackagesConfigAtThatVersion(string nfproj)
    {
        Dictionary<string, string> packages = Repository.Packages(Folder(nfproj) + "packages.config");
        foreach (var reference in Repository.Items(nfproj, "Reference"))
        {
            string hintPath = reference.Elements().FirstOrDefault(element => element.Name.LocalName == "HintPath")?.Value.Replace('\\', '/') ?? "";
            string? packageFolder = hintPath.Split('/').SkipWhile(part => part != "packages").Skip(1).FirstOrDefault();
            if (packageFolder == null)
            {
                continue;
            }

            bool listed = packages.Any(package => packageFolder == package.Key + "." + package.Value);
            Assert.True(listed, $"{nfproj} references {hintPath}, but packages.config has no package/version pair '{packageFolder}'.");
        }
    }

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void ProjectFileHasOnlyMSBuildElements(string nfproj)
    {
        // MSBuild refuses text between elements (a half-applied edit leaves such lines); XDocument alone would not notice.
        string[] strayText = System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root, nfproj)).DescendantNodes()
            .OfType<System.Xml.Linq.XText>()
            .Where(text => text.Parent!.HasElements && !string.IsNullOrWhiteSpace(text.Value))
            .Select(text => text.Value.Trim())
            .ToArray();

        Assert.True(strayText.Length == 0, $"{nfproj} has text outside any element, which MSBuild rejects: {string.Join(" | ", strayText)}");
    }

    private static string Folder(string nfproj) => nfproj[..(nfproj.LastIndexOf('/') + 1)];

    private static IEnumerable<string> SourcesOnDisk(string nfproj)
    {
        string folder = Path.Combine(Repository.Root, Folder(nfproj));
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace('\\', '/'))
            .Where(file => !Repository.IsBuildOutput(file))
            .Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> CompileItems(string nfproj) =>
        Repository.Items(nfproj, "Compile")
            .Select(item => ((string)item.Attribute("Include")!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}
