using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>The flash tool checks device.json against configuration-keys.tsv; the board reads ConfigurationKeys. They must agree.</summary>
public class ConfigurationKeysTests
{
    private static readonly (string Key, string Rule, string Required, string Users)[] s_rows =
        File.ReadAllLines(Path.Combine(Repository.FlashFolder, "configuration-keys.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(fields => (fields[0], fields[1], fields[2], fields[3]))
            .ToArray();

    [Fact]
    public void TheToolChecksExactlyTheKeysTheBoardReads()
    {
        string[] deviceKeys = s_rows.Where(row => row.Users == "device").Select(row => row.Key).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(ConfigurationKeys.All.Order(StringComparer.Ordinal), deviceKeys);
    }

    [Fact]
    public void ToolOnlyKeysAreUnknownToTheBoardAndNeverReachIt()
    {
        string[] toolKeys = s_rows.Where(row => row.Users == "tool").Select(row => row.Key).ToArray();

        Assert.NotEmpty(toolKeys);
        Assert.All(toolKeys, key => Assert.DoesNotContain(key, ConfigurationKeys.All));
    }

    [Fact]
    public void EveryRowIsWellFormed()
    {
        Assert.All(s_rows, row =>
        {
            Assert.Contains(row.Required, new[] { "required", "optional" });
            Assert.Contains(row.Users, new[] { "device", "tool" });
            Assert.Contains(ConfigurationKeys.Sections, section => row.Key.StartsWith(section + ".", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void TheExampleUsesOnlyKnownKeysAndMissesNoRequiredOne()
    {
        ConfigurationReader reader = FirmwareConfiguration.Read(File.ReadAllText(Repository.ExampleConfiguration));

        Assert.Empty(FirmwareConfiguration.Problems(reader).Select(problem => problem.ToString()));
        Assert.True(reader.Settings.HasWifiCredentials, "the example names a network, as the flash tool requires");
    }
}
