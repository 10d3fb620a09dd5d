namespace HeartRateStreamer.Flash.Tests;

/// <summary>What one run of the flash tool did; <paramref name="RunFoldersLeft"/>: the <c>heartrate-flash-*</c> folders it left
/// in the fresh TMPDIR <see cref="FlashTool.RunToEnd"/> gave it, null when the test gave its own (it knows where to look).</summary>
public sealed record ToolResult(int ExitCode, string Output, string Errors, IReadOnlyList<string>? RunFoldersLeft = null)
{
    /// <summary>The printed lines, whatever the platform's line ends.</summary>
    public string[] Lines => Output.Replace("\r\n", "\n").Split('\n');

    /// <summary>For assertion messages: everything the tool printed.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
