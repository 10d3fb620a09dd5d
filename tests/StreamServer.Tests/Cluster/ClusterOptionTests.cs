using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
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
    [InlineData("127.0.0.1:6379", "is not a Redis address: give redis://[[USER]:PASSWORD@]HOST[:PORT]")]
    [InlineData("http://127.0.0.1", "is not a Redis address")]
    [InlineData("redis://127.0.0.1/2", "has a database number or path: the cluster uses database 0")]
    [InlineData("redis://127.0.0.1:6379/0", "has a database number or path")]
    [InlineData("redis://127.0.0.1?ca=/etc/ca.pem", "?ca=PATH, the CA certificate to trust, is for rediss://")]
    [InlineData("rediss://127.0.0.1?timeout=5", "'timeout=5' is not understood; the one setting taken after '?' is ca=PATH")]
    [InlineData("rediss://127.0.0.1?ca=/nowhere/ca.pem", "the CA certificate file '/nowhere/ca.pem' (?ca=) does not exist")]
    [InlineData("redis://alice:@127.0.0.1", "names the Redis user 'alice' but no password")]
    public void ABadRedisAddressIsNamedWithTheFormToUse(string address, string expected)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(
            () => StreamServerCommand.Parse(["--store", "postgres://u@127.0.0.1/db", "--cluster", address], NoSettings));

        Assert.Contains(expected, refused.Message);
    }

    [Theory]
    [InlineData("redis://hunter2@127.0.0.1", "write the password after a colon, redis://:PASSWORD@HOST")]
    [InlineData("redis://:hunter2@127.0.0.1/2", "has a database number or path")]
    [InlineData("hunter2:hunter2@127.0.0.1:6379", "is not a Redis address")]
    [InlineData("redis://127.0.0.1?password=hunter2", "'?password=***' is not understood; redis:// takes nothing after the port")]
    [InlineData("rediss://127.0.0.1?password=hunter2", "'password=***' is not understood; the one setting taken after '?' is ca=PATH")]
    public void ARefusedAddressIsShownWithoutItsPassword(string address, string expected)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => ClusterAddress.Parse(address, passwordVariable: null));

        Assert.Contains(expected, refused.Message);
        Assert.DoesNotContain("hunter2", refused.Message);
    }

    [Fact]
    public void TheDefaultPortIsRedisOwn()
    {
        Assert.Equal("127.0.0.1:6379", ClusterAddress.Parse("redis://127.0.0.1", passwordVariable: null).Options.EndPoints.Single().ToString());
    }

    [Fact]
    public void AUserAndPasswordAreTakenAndShownWithoutThePassword()
    {
        ClusterAddress address = ClusterAddress.Parse("redis://streams:p%40ss%3Aword@redis.internal:6380", passwordVariable: "ignored");

        Assert.Equal(("streams", "p@ss:word"), (address.Options.User, address.Options.Password));
        Assert.Equal("redis://streams@redis.internal:6380", address.Shown);
        Assert.False(address.Options.Ssl);
    }

    [Fact]
    public void APasswordAloneHasNoUser()
    {
        ClusterAddress address = ClusterAddress.Parse("redis://:secret@127.0.0.1", passwordVariable: null);

        Assert.Equal((null, "secret"), (address.Options.User, address.Options.Password));
        Assert.Equal("redis://127.0.0.1", address.Shown);
    }

    [Theory]
    [InlineData("redis://127.0.0.1", null)]
    [InlineData("redis://alice:@127.0.0.1", "alice")]
    public void APasswordLeftOutOfTheUrlComesFromRedisCliAuth(string url, string? user)
    {
        ClusterAddress address = ClusterAddress.Parse(url, passwordVariable: "from-the-environment");

        Assert.Equal((user, "from-the-environment"), (address.Options.User, address.Options.Password));
        Assert.DoesNotContain("from-the-environment", address.Shown);
    }

    [Fact]
    public void WithoutAPasswordAnywhereNoneIsSent()
    {
        Assert.Null(ClusterAddress.Parse("redis://127.0.0.1", passwordVariable: "").Options.Password);
    }

    [Fact]
    public void RedissIsTlsCheckedAgainstTheUrlsHost()
    {
        ClusterAddress address = ClusterAddress.Parse("rediss://:secret@redis.internal:6380", passwordVariable: null);

        Assert.True(address.Options.Ssl);
        Assert.Equal("redis.internal", address.Options.SslHost);
        Assert.Equal("rediss://redis.internal:6380", address.Shown);
    }

    [Fact]
    public void TheCaToTrustIsAPemFileAndIsShown()
    {
        string folder = Directory.CreateTempSubdirectory("cluster-ca-").FullName;
        try
        {
            TestCertificateAuthority certificates = TestCertificateAuthority.WriteTo(folder);

            ClusterAddress address = ClusterAddress.Parse($"rediss://127.0.0.1:6380?ca={certificates.CaPath}", passwordVariable: null);

            Assert.Equal($"rediss://127.0.0.1:6380?ca={certificates.CaPath}", address.Shown);
            ArgumentException refused = Assert.Throws<ArgumentException>(() => ClusterAddress.Parse($"rediss://127.0.0.1?ca={certificates.KeyPath}", passwordVariable: null));
            Assert.Contains("is not a certificate", refused.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
