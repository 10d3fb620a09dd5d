using nanoFramework.TestFramework.Launcher;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>Turns every nano test case of NFUnitTest into an xUnit test case named after it.</summary>
public sealed class NanoTestDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        TestCase[] cases = NanoTestSession.Cases;
        for (int index = 0; index < cases.Length; index++)
        {
            yield return new NanoXunitTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                cases[index].Id);
        }
    }
}
