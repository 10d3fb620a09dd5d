using System.Text.RegularExpressions;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>deploy/systemd/stream-server.service as an operator uses it: its header's example of the environment file
/// (/etc/stream-server/env) is copied line by line, and systemd takes everything after a line's '=' as the value.</summary>
public sealed class SystemdUnitTests
{
    private static readonly string s_unit = Path.GetFullPath(Path.Combine(TestProject.Directory, "..", "..", "deploy", "systemd", "stream-server.service"));

    // Before, notes stood after three of the values ("StreamServer__ProxyProtocolPort=8081      (HAProxy's server line
    // names this port; ...)"): copied, the note became part of the value, and the node refused its port with exit code 2.
    [Fact]
    public void TheExampleSettingsCanBeCopiedAsTheyStandAndTheServerTakesThem()
    {
        IReadOnlyList<(string Name, string Value)> example = ExampleEnvironment();
        Assert.Contains(example, line => line.Name == "StreamServer__ProxyProtocolPort"); // the example was found

        foreach ((string name, string value) in example)
        {
            Assert.True(!value.Any(char.IsWhiteSpace), $"{name}'s example value '{value}' holds more than the value: the env file would take it all");
        }

        // The server's own reading of those settings (the environment's StreamServer__X is the setting StreamServer:X), but
        // for the two that name files of the node's machine (the users file, Redis's CA certificate), which are not here.
        string[] namingFiles = ["StreamServer__UsersFile", "StreamServer__Cluster"];
        IConfiguration settings = new ConfigurationBuilder().AddInMemoryCollection(example
            .Where(line => line.Name.StartsWith("StreamServer__", StringComparison.Ordinal) && !namingFiles.Contains(line.Name))
            .Select(line => KeyValuePair.Create(line.Name.Replace("__", ":", StringComparison.Ordinal), (string?)line.Value))).Build();
        StreamServerOptions options = StreamServerCommand.Parse([], settings)!;
        Assert.Equal(8081, options.ProxyProtocolPort);
    }

    // The lines of the header's example: "#   NAME=VALUE", the value as systemd reads it (the rest of the line, trimmed).
    private static IReadOnlyList<(string Name, string Value)> ExampleEnvironment() =>
        [.. File.ReadLines(s_unit)
            .Select(line => Regex.Match(line, @"^#\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$"))
            .Where(match => match.Success)
            .Select(match => (match.Groups["name"].Value, match.Groups["value"].Value.Trim()))];
}
