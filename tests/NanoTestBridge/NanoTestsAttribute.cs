using Xunit;
using Xunit.Sdk;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>
/// Marks the one xUnit method that stands for the whole nano test assembly: its discoverer expands it
/// into one test case per nano test method and per data row.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("HeartRateStreamer.Tests.Bridge.NanoTestDiscoverer", "NanoTestBridge")]
public sealed class NanoTestsAttribute : FactAttribute
{
}
