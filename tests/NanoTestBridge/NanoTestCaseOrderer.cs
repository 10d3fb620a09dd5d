using Xunit.Abstractions;
using Xunit.Sdk;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>Runs nano cases in the order the nano launcher would, since class-level state carries from test to test.</summary>
public sealed class NanoTestCaseOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(testCase => testCase is NanoXunitTestCase nano ? nano.RunOrder : int.MaxValue);
}
