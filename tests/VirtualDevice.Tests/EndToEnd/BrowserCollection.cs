namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The browser tests run one at a time, after this project's other tests (xUnit runs a collection that disables
/// parallelization alone): the 200 ms check between two viewers measures the viewers, not the CPU the device and
/// analyze tests of the same run take. build/test.sh already runs them apart (Category=Browser); this holds for a
/// plain `dotnet test` of the project too, where 2 of 5 runs failed beside the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
