using nanoFramework.TestFramework.Launcher;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>A nano test case's result and what it wrote to the console while it ran.</summary>
public sealed record NanoCaseRun(TestResult Result, string Output);
