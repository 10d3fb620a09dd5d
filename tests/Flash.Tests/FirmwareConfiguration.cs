using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// Hands a configuration file to the firmware's own <see cref="ConfigurationReader"/> the way the board does (through
/// <see cref="DeviceJson"/>: nested objects become dotted keys, values typed as nanoFramework.Json types them).
/// </summary>
internal static class FirmwareConfiguration
{
    public static ConfigurationReader Read(string json)
    {
        var reader = new ConfigurationReader();
        string problem = DeviceJson.ApplyJson(json, reader);
        Assert.True(problem.Length == 0, "the file" + problem);
        reader.Finish();
        return reader;
    }

    public static IEnumerable<ConfigurationProblem> Problems(ConfigurationReader reader) =>
        Enumerable.Range(0, reader.ProblemCount).Select(reader.GetProblem);
}
