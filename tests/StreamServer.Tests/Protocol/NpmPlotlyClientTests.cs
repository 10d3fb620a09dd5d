using System.Diagnostics;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>The real npm plotly package, run by node: plot creation over HTTPS trusting our
/// self-signed certificate, then 50 points over its own stream request.</summary>
public sealed class NpmPlotlyClientTests
{
    [Fact]
    public async Task CreatesAPlotAndStreams50Points()
    {
        // Throttle off: on a loaded machine node's timers and socket writes bunch up, and points that arrive together
        // are rightly dropped by the throttle (seen: x = 12..19). Throttling has its own tests; this one is the client.
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.HttpsPort = 0;
            o.ThrottleMilliseconds = 0;
        });
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = TestProject.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(TestProject.Directory, "NodeClient", "stream-points.js"),
                server.Host.HttpsPort.ToString()!, server.Port.ToString(), TestServer.Alice, TestServer.AliceKey, "npm-stream-token", "50", "50",
            },
        };
        start.Environment["NODE_EXTRA_CA_CERTS"] = server.Host.CertificatePath;

        using Process node = Process.Start(start)!;
        Task<string> output = node.StandardOutput.ReadToEndAsync();
        Task<string> errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);

        string log = await output + await errors;
        Assert.True(node.ExitCode == 0, log);
        string[] steps = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonNode plotStep = JsonNode.Parse(steps[0])!;
        Assert.Equal("All Streams Go!", (string?)plotStep["answer"]!["streamstatus"]);
        Assert.Equal(200, (int)JsonNode.Parse(steps[1])!["result"]!["statusCode"]!);
        JsonObject figure = await server.FigureAsync(new Uri((string)plotStep["answer"]!["url"]!).AbsolutePath);
        Assert.Equal(Enumerable.Range(1, 50), figure["data"]![0]!["x"]!.AsArray().Select(x => (int)x!));
        Assert.Equal(Enumerable.Range(1, 50).Select(x => x * x), figure["data"]![0]!["y"]!.AsArray().Select(y => (int)y!));
    }
}
