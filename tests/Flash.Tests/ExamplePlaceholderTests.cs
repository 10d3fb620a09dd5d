using System.Text.Json.Nodes;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A device.json still holding the example's placeholders (a copy of device.example.json not yet edited): a real run
/// refuses it, naming each such key, because the board would store a network that does not exist and never connect.
/// Before, an unedited copy passed every check and was flashed. A dry run still shows the plan and says so.
/// </summary>
public class ExamplePlaceholderTests
{
    private static readonly JsonObject s_example = JsonNode.Parse(File.ReadAllText(Repository.ExampleConfiguration))!.AsObject();

    // The keys the example holds a placeholder of (its empty tokens are streams left out, not placeholders).
    private static readonly string[] s_placeholderKeys =
        ["wifi.ssid", "wifi.password", "server.url", "server.pulseToken", "server.heartRateToken", "server.spo2Token", "server.apiKey"];

    [Fact]
    public void AnUneditedCopyOfTheExampleStopsARealRunWithExitCode2NamingEveryPlaceholder()
    {
        using var files = new TemporaryFiles();
        ToolResult result = RealRun(files, File.ReadAllText(Repository.ExampleConfiguration));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("device.json still holds placeholders of tools/flash/device.example.json; nothing was written to the board:", result.Errors);
        string[] named = [.. result.Errors.Split('\n').Where(line => line.EndsWith(": is still the example's value; put in your own.", StringComparison.Ordinal))
            .Select(line => line.Trim()[..line.Trim().IndexOf(':')])];
        Assert.Equal(s_placeholderKeys, named);
        Assert.DoesNotContain("==", result.Output);
        foreach (string secret in new[] { "wifi.password", "server.pulseToken", "server.heartRateToken", "server.spo2Token", "server.apiKey" })
        {
            Assert.DoesNotContain(Value(s_example, secret), result.Output + result.Errors);
        }
    }

    [Fact]
    public void OneKeyLeftAsInTheExampleIsNamedAlone()
    {
        using var files = new TemporaryFiles();
        JsonObject own = JsonNode.Parse(File.ReadAllText(files.OwnConfiguration()))!.AsObject();
        own["wifi"]!["ssid"] = Value(s_example, "wifi.ssid");

        ToolResult result = RealRun(files, own.ToJsonString());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.EndsWith("device.json still holds placeholders of tools/flash/device.example.json; nothing was written to the board:\n"
            + "  wifi.ssid: is still the example's value; put in your own.\n", result.Errors);
    }

    // The example's server address is refused as a placeholder, so it must be one no server of anyone's has: a network
    // set aside for documentation (RFC 5737). Before, it was 192.168.1.20, the READMEs' example of a real address too:
    // a person whose server is there, and who kept that line, had a right file refused.
    [Fact]
    public void TheExamplesServerAddressIsOneNoServerHas()
    {
        string url = Value(s_example, "server.url");
        byte[] address = System.Net.IPAddress.Parse(new Uri(url).Host).GetAddressBytes();

        Assert.True((address[0], address[1], address[2]) is (192, 0, 2) or (198, 51, 100) or (203, 0, 113), url + " is not in a documentation network");
        Assert.DoesNotContain(url, File.ReadAllText(Path.Combine(Repository.Root, "README.md")));
    }

    [Fact]
    public void TheStreamServersDemoUserIsNoPlaceholder()
    {
        // The READMEs say to fill in the key the stream server printed for its 'demo' user, the example's user too: a
        // real run refused that file for server.user, "still the example's value".
        using var files = new TemporaryFiles();
        JsonObject own = JsonNode.Parse(File.ReadAllText(files.OwnConfiguration()))!.AsObject();
        own["server"]!["user"] = "demo";
        Assert.Equal("demo", Value(s_example, "server.user"));

        ToolResult result = RealRun(files, own.ToJsonString());

        // Past the checks to the board (the stand-in nanoff's "OK" then fails the file deployment's success check).
        Assert.DoesNotContain("placeholders", result.Errors);
        Assert.Contains("dotnet nanoff --networkdeployment ", result.Output);
    }

    [Fact]
    public void ADryRunOfTheExampleShowsThePlanAndSaysARealRunRefusesThosePlaceholders()
    {
        ToolResult result = FlashTool.DryRun(Repository.ExampleConfiguration);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"NOTE: a real run refuses {string.Join(", ", s_placeholderKeys)}: still the example's values; put in your own.", result.Output);
        Assert.Contains("dotnet nanoff --networkdeployment ", result.Output);
    }

    // A real run with a stand-in nanoff that succeeds at everything: only the tool's checks can stop it.
    private static ToolResult RealRun(TemporaryFiles files, string deviceJson)
    {
        using var repository = new RepositoryCopy();
        string config = files.Write("device.json", deviceJson);
        return repository.RunWithStandInNanoff("echo OK", files.Folder,
            ["--port", files.Write("ttyUSB0", ""), "--config", config, "--image", files.FreshImage(), "--skip-firmware"]);
    }

    private static string Value(JsonObject root, string key) => root[key.Split('.')[0]]![key.Split('.')[1]]!.GetValue<string>();
}
