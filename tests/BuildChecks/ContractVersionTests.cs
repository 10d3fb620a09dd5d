using System.Text.RegularExpressions;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// A reference contract stands in for one nanoFramework package version. If packages.config moves to another
/// version, the contract must be checked against it again: these tests fail until it is.
/// </summary>
public partial class ContractVersionTests
{
    private const string ContractsFolder = "build/contracts";
    private const string FirmwarePackages = "firmware/HeartRateStreamer/packages.config";

    public static TheoryData<string> ContractFiles() =>
        new(Directory.EnumerateFiles(Path.Combine(Repository.Root, ContractsFolder), "*.cs", SearchOption.AllDirectories)
            .Select(Repository.Relative)
            .Order(StringComparer.Ordinal));

    [Fact]
    public void ContractsFolderExists() => Assert.True(Directory.Exists(Path.Combine(Repository.Root, ContractsFolder)));

    [Theory]
    [MemberData(nameof(ContractFiles))]
    public void ContractNamesItsPackageAndTheVersionTheFirmwareUses(string contractFile)
    {
        string firstLine = File.ReadLines(Path.Combine(Repository.Root, contractFile)).FirstOrDefault() ?? "";
        Match header = HeaderPattern().Match(firstLine);
        Assert.True(header.Success, $"{contractFile} must start with '// Reference contract: <package id> <version>', found '{firstLine}'.");

        string packageId = header.Groups["id"].Value;
        string version = header.Groups["version"].Value;
        string folderName = contractFile.Split('/')[^2];
        Assert.True(folderName == packageId, $"{contractFile} names package {packageId} but lives in folder {folderName}.");

        Dictionary<string, string> firmware = Repository.Packages(FirmwarePackages);
        Assert.True(firmware.ContainsKey(packageId), $"{contractFile} mirrors {packageId}, which {FirmwarePackages} does not list: add it or delete the contract.");
        Assert.True(
            firmware[packageId] == version,
            $"{contractFile} mirrors {packageId} {version} but {FirmwarePackages} uses {firmware[packageId]}: re-check the signatures against that version and update the header.");

        foreach (string nfproj in Repository.NanoProjects())
        {
            string config = nfproj[..(nfproj.LastIndexOf('/') + 1)] + "packages.config";
            if (Repository.Packages(config).TryGetValue(packageId, out string? other))
            {
                Assert.True(other == version, $"{config} uses {packageId} {other} but {contractFile} mirrors {version}.");
            }
        }
    }

    [GeneratedRegex(@"^// Reference contract: (?<id>[A-Za-z0-9.]+) (?<version>\d+(\.\d+){2,3})\s*$")]
    private static partial Regex HeaderPattern();
}
