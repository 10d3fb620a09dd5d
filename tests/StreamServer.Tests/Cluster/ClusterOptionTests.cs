using HeartRateStreamer.StreamServer.Hosting;
using Microsoft.Extensions.Configuration;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>--cluster as a command-line option and as a setting, and what it refuses.</summary>
public sealed class ClusterOptionTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    [Fact]
    public void ClusterTakesARedisAddressBesideAPostgresStore()
    {
        StreamServerOptions options = StreamServerCommand.Parse(["--store", "postgres://u@127.0.0.1/db", "--cluster", "redis://127.0.0.1:6380"], NoSettings)!;

        Assert.Equal("redis://127.0.0.1:6380", options.Cluster);
    }

    [Fact]
    public void ClusterIsAlsoASetting()
    {
        IConfiguration settings = new ConfigurationBuilder().AddInMemoryCollection([
            KeyValuePair.Create("StreamServer:Store", (string?)"postgres://u@127.0.0.1/db"),
            KeyValuePair.Create("StreamServer:Cluster", (string?)"redis://redis.internal")]).Build();

        Assert.Equal("redis://redis.internal", StreamServerCommand.Parse([], settings)!.Cluster);
    }

    [Fact]
    public void ClusterWithoutAPostgresStoreIsRefusedWithWhatToAdd()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => StreamServerCommand.Parse(["--cluster", "redis://127.0.0.1"], NoSettings));

        Assert.Contains("--cluster needs --store postgres://", refused.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:6379", "is not a Redis address; use redis://HOST[:PORT]")]
    [InlineData("http://127.0.0.1", "is not a Redis address")]
    [InlineData("redis://127.0.0.1/2", "has more than a host and port")]
    [InlineData("redis://user:secret@127.0.0.1", "has more than a host and port")]
    public void ABadRedisAddressIsNamedWithTheFormToUse(string address, string expected)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(
            () => StreamServerCommand.Parse(["--store", "postgres://u@127.0.0.1/db", "--cluster", address], NoSettings));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void TheDefaultPortIsRedisOwn()
    {
        Assert.Equal("127.0.0.1:6379", StreamServer.Cluster.ClusterAddress.Parse("redis://127.0.0.1").EndPoints.Single().ToString());
    }
}
