using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>The single xUnit entry point that expands into every nano test (see <see cref="NanoTestsAttribute"/>).</summary>
[TestCaseOrderer("HeartRateStreamer.Tests.Bridge.NanoTestCaseOrderer", "NanoTestBridge")]
public class NanoTestAssembly
{
    [NanoTests]
    public void Run()
    {
        // Never called: each nano case runs through NanoXunitTestCase.RunAsync.
    }
}
