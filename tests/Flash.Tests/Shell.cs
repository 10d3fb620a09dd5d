namespace HeartRateStreamer.Flash.Tests;

/// <summary>The two flash scripts and the shells that run them.</summary>
public enum Shell
{
    /// <summary>flash.sh through bash.</summary>
    Bash,

    /// <summary>flash.ps1 through PowerShell 7 (pwsh).</summary>
    PowerShell,
}
