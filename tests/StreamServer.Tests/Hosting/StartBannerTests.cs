using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>The start banner sends viewers where they can look: the share link. /~USER/N answers only its owner
/// (404 without credentials), so a banner that named it for viewers sent them to a page they could not open.</summary>
public sealed class StartBannerTests
{
    [Fact]
    public async Task TheBannerNamesTheShareLinkForViewersAndTheNumberedPathForOwners()
    {
        string data = TestServer.NewDataDirectory();
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data]);
        try
        {
            string banner = Assert.Single(server.Output.Split('\n'), line => line.StartsWith("Stream server on ", StringComparison.Ordinal));

            Assert.Contains("viewers: /p/ID", banner);
            Assert.Contains("owners: /~USER/N", banner);
            Assert.DoesNotContain("viewers: /~USER/N", banner);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
