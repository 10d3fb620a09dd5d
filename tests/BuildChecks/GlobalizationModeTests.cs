using System.Text.Json;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// Every PC process runs in invariant globalization mode (Directory.Build.props), where .NET's string IndexOf,
/// StartsWith, EndsWith and Compare are ordinal, as nanoFramework's are: with ICU they skip characters such as U+00AD and
/// U+200B, and the nano code run by the stream server, the flash tool, the virtual device or a test host would answer
/// differently from the board. The setting lands in each executable's runtimeconfig.json, which is what the runtime reads.
/// </summary>
public class GlobalizationModeTests
{
    [Fact]
    public void EveryBuiltProcessRunsInInvariantGlobalizationMode()
    {
        string[] configs = Directory.EnumerateFiles(Path.Combine(Repository.Root, "artifacts", "bin"), "*.runtimeconfig.json", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        // The programs that run the nano code on a PC: if the output layout moved, the test must not check only itself.
        foreach (string program in new[] { "VirtualDevice", "HeartRateStreamer.StreamServer", "HeartRateStreamer.Flash", "NanoTestBridge" })
        {
            Assert.Contains(configs, path => Path.GetFileName(path) == program + ".runtimeconfig.json");
        }

        string[] withIcu = configs.Where(path => !IsInvariant(path)).Select(Repository.Relative).Order(StringComparer.Ordinal).ToArray();

        Assert.True(
            withIcu.Length == 0,
            $"These processes compare text with ICU, not ordinally as the board does: {string.Join(", ", withIcu)}. "
            + "Keep <InvariantGlobalization>true</InvariantGlobalization> from Directory.Build.props (do not set it to false in a project).");
    }

    private static bool IsInvariant(string runtimeConfig)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        return document.RootElement.TryGetProperty("runtimeOptions", out JsonElement options)
            && options.TryGetProperty("configProperties", out JsonElement properties)
            && properties.TryGetProperty("System.Globalization.Invariant", out JsonElement invariant)
            && invariant.ValueKind == JsonValueKind.True;
    }
}
