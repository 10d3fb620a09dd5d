namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>How one test case ended.</summary>
    public enum TestOutcome
    {
        Passed,
        Failed,
        Skipped,
    }
}
