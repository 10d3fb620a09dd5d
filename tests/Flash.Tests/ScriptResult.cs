namespace HeartRateStreamer.Flash.Tests;

/// <summary>What one run of a flash script did.</summary>
public sealed record ScriptResult(int ExitCode, string Output, string Errors)
{
    /// <summary>For assertion messages: everything the script printed.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
