using HeartRateStreamer.HotPath.Fixtures;
using Mono.Cecil;
using Xunit;

namespace HeartRateStreamer.HotPath;

/// <summary>The scanner must find allocations where they are and accept error paths, or the hot-path check means nothing.</summary>
public class AllocationScannerTests
{
    private static readonly AssemblyDefinition s_self = AssemblyDefinition.ReadAssembly(typeof(ScannerFixtures).Assembly.Location);

    [Theory]
    [InlineData(nameof(ScannerFixtures.SumsWithoutAllocating), 0)]
    [InlineData(nameof(ScannerFixtures.AllocatesOnlyToThrow), 0)]
    [InlineData(nameof(ScannerFixtures.KeepsAnEnumInALocal), 0)]
    [InlineData(nameof(ScannerFixtures.BuildsAStruct), 2)] // the value and its temporary local
    [InlineData(nameof(ScannerFixtures.CallsAnExcludedHelper), 0)]
    [InlineData(nameof(ScannerFixtures.RunsOncePerConnection), 1)]
    [InlineData(nameof(ScannerFixtures.AllocatesAnArray), 1)]
    [InlineData(nameof(ScannerFixtures.BoxesAnInt), 1)]
    [InlineData(nameof(ScannerFixtures.CallsAnAllocatingHelper), 1)]
    [InlineData(nameof(ScannerFixtures.BuildsAString), 2)] // int.ToString and string.Concat
    public void FindsExactlyTheAllocations(string method, int expectedFindings)
    {
        IReadOnlyList<AllocationFinding> findings = Scan(method);

        Assert.True(findings.Count == expectedFindings, $"{method}: expected {expectedFindings} finding(s), got: {string.Join("; ", findings)}");
    }

    [Fact]
    public void FollowsInterfaceCallsIntoImplementations()
    {
        IReadOnlyList<AllocationFinding> findings = Scan(nameof(ScannerFixtures.CallsThroughAnInterface));

        AllocationFinding finding = Assert.Single(findings);
        Assert.Contains("AllocatingShape::Corners", finding.Method);
        Assert.Contains("AllocatingShape.Corners", finding.CallChain);
    }

    private static IReadOnlyList<AllocationFinding> Scan(string method)
    {
        MethodDefinition entry = s_self.MainModule.GetType(typeof(ScannerFixtures).FullName).Methods.Single(candidate => candidate.Name == method);
        return new AllocationScanner([s_self], typeof(ScannerFixtures).FullName + "::" + nameof(ScannerFixtures.RunsOncePerConnection)).Scan(entry);
    }
}
