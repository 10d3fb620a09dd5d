using System.ComponentModel;
using nanoFramework.TestFramework.Launcher;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>One nano test method or data row, reported to `dotnet test` under its own name ("Class.Method").</summary>
public sealed class NanoXunitTestCase : XunitTestCase
{
    private string _caseId = "";

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer only.", error: true)]
    public NanoXunitTestCase()
    {
    }

    public NanoXunitTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay methodDisplay, TestMethodDisplayOptions methodDisplayOptions, ITestMethod testMethod, string caseId)
        : base(diagnosticMessageSink, methodDisplay, methodDisplayOptions, testMethod)
    {
        _caseId = caseId;
    }

    /// <summary>The nano launcher's id of the case (TestCase.Id).</summary>
    public string CaseId => _caseId;

    /// <summary>The case's position in the nano launcher's run order.</summary>
    public int RunOrder => NanoTestSession.IndexOf(_caseId);

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("NanoCaseId", _caseId);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _caseId = data.GetValue<string>("NanoCaseId");
        base.Deserialize(data);
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => NanoTestSession.Find(_caseId).DisplayName;

    protected override string GetUniqueID() => base.GetUniqueID() + ":" + _caseId;

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var test = new XunitTest(this, DisplayName);
        messageBus.QueueMessage(new TestCaseStarting(this));
        messageBus.QueueMessage(new TestStarting(test));

        NanoCaseRun run = NanoTestSession.Run(_caseId);
        decimal seconds = run.Result.ElapsedTicks / (decimal)TimeSpan.TicksPerSecond;
        var summary = new RunSummary { Total = 1, Time = seconds };
        switch (run.Result.Outcome)
        {
            case TestOutcome.Passed:
                messageBus.QueueMessage(new TestPassed(test, seconds, run.Output));
                break;
            case TestOutcome.Skipped:
                summary.Skipped = 1;
                messageBus.QueueMessage(new TestSkipped(test, run.Result.Message));
                break;
            default:
                summary.Failed = 1;
                messageBus.QueueMessage(new TestFailed(test, seconds, run.Output, run.Result.Exception ?? new NanoTestFailedException(run.Result.Message)));
                break;
        }

        messageBus.QueueMessage(new TestFinished(test, seconds, run.Output));
        messageBus.QueueMessage(new TestCaseFinished(this, seconds, 1, summary.Failed, summary.Skipped));
        return Task.FromResult(summary);
    }
}
