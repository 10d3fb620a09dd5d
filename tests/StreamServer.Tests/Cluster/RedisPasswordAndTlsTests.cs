using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>--cluster with a Redis that requires a password (<c>requirepass</c>) or speaks only TLS, on the real engine:
/// the right password or a trusted certificate joins the cluster; a wrong one leaves the node serving locally, saying why
/// in its log (a node of its own process, whose output is its log) and never printing the password.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RedisPasswordAndTlsTests(PostgresServer postgres)
{
    private const string Password = "cluster-redis-password-4c1e";

    [Fact]
    public async Task Nodes_with_the_right_password_join_and_mirror_a_point()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres, await RedisServer.StartNewAsync(password: Password));

        foreach (TestServer node in new[] { nodes.A, nodes.B })
        {
            await Eventually.TrueAsync(async () => (await HealthAsync(node)).Contains("\"cluster\":\"connected\""), $"node {node.Port} says it is connected");
        }

        string link = await nodes.A.CreatePlotAsync(Token);
        await using SseReader onB = await SseReader.OpenAsync(nodes.B.Http, link + "/events");
        await using RawConnection device = await ConnectAsync(nodes.A.Port);
        await SendPointAsync(device, 7);

        await ReadUntilXAsync(onB, 7);
    }

    [Fact]
    public async Task A_wrong_password_leaves_the_node_serving_locally_and_its_log_says_the_password_was_refused()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync(password: Password);
        const string Wrong = "not-the-cluster-password-93b0";

        string log = await LogOfNodeWithoutRedisAsync(redis.AddressWith(Wrong, trustCa: true));

        Assert.Contains("Redis refused this node's credentials", log);
        Assert.Contains("REDISCLI_AUTH", log);
        Assert.DoesNotContain(Wrong, log);
    }

    [Fact]
    public async Task A_node_that_trusts_the_ca_given_as_ca_connects_over_tls()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync(password: Password, tls: true);
        await using TestServer node = await StartNodeAsync(await postgres.NewDatabaseAsync(), redis);

        await Eventually.TrueAsync(async () => (await HealthAsync(node)).Contains("\"cluster\":\"connected\""), "the node says it is connected over TLS");
    }

    [Fact]
    public async Task A_node_that_does_not_trust_the_ca_stays_out_and_its_log_says_the_certificate_is_not_trusted()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync(tls: true);

        string log = await LogOfNodeWithoutRedisAsync(redis.AddressWith(password: null, trustCa: false));

        Assert.Contains("Redis's TLS certificate is not trusted", log);
        Assert.Contains("UntrustedRoot", log);
        Assert.Contains("?ca=", log);
    }

    // Starts a node as a process of its own on `address`, checks that it serves and says in /healthz that Redis is
    // unreachable, and returns its log once that names the reason.
    private async Task<string> LogOfNodeWithoutRedisAsync(string address)
    {
        string folder = TestServer.NewDataDirectory();
        try
        {
            await using ServerProcess node = await ServerProcess.StartAsync(
                ["--data", folder, "--store", await postgres.NewDatabaseAsync(), "--cluster", address, "--user", $"{TestServer.Alice}:{TestServer.AliceKey}"]);
            using var http = new HttpClient { BaseAddress = node.BaseUrl };
            using HttpResponseMessage health = await http.GetAsync("/healthz");
            Assert.Equal(200, (int)health.StatusCode);
            Assert.Contains("\"status\":\"degraded\"", await health.Content.ReadAsStringAsync());
            Assert.Contains("\"cluster\":\"redis unreachable\"", await health.Content.ReadAsStringAsync());
            await Eventually.TrueAsync(() => Task.FromResult(node.Output.Contains("is unreachable (")), "the node logs why Redis is unreachable");
            return node.Output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
