using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.LoadBenchmark;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>--max-connections-per-address and --max-connections: Kestrel has no connection limit of its own, so one client
/// held every file descriptor (20,000 idle connections from one address: the server stopped answering, then died with "Out
/// of memory.") or every viewer place of a plot. A connection past a limit is answered 503 saying which, and costs nobody else.</summary>
public sealed class ConnectionLimitTests
{
    private const string Health = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    [Fact]
    public async Task A_connection_past_the_per_address_limit_is_refused_saying_so_and_other_addresses_are_served()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxConnectionsPerAddress = 3);
        var held = new List<RawConnection>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                held.Add(await RawConnection.OpenAsync(server.Port)); // idle: they send nothing
            }

            await WaitForOpenAsync(server, 3);
            RawResponse refused = await ExchangeAsync(server.Port, "127.0.0.1");
            Assert.Equal(503, refused.Status);
            Assert.Contains("\r\nRetry-After: " + ConnectionLimitMiddleware.RetryAfterSeconds, refused.Head);
            Assert.Contains("127.0.0.1 has 3 connections open, the most one address may (--max-connections-per-address)", (string?)refused.Json["error"]);

            Assert.Equal(200, (await ExchangeAsync(server.Port, "127.0.0.2")).Status); // another address is not refused
            await held[0].SendAsync(Health); // the held connections are served
            Assert.Equal(200, (await held[0].ReadToEndAsync()).Status);
            await WaitForOpenAsync(server, 2); // and one that ended makes room
            Assert.Equal(200, (await ExchangeAsync(server.Port, "127.0.0.1")).Status);
        }
        finally
        {
            foreach (RawConnection connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_connection_past_the_total_limit_is_refused_from_any_address()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxConnections = 2);
        await using RawConnection first = await RawConnection.OpenAsync(server.Port);
        await using RawConnection second = await RawConnection.OpenAsync(server.Port);
        await WaitForOpenAsync(server, 2);

        RawResponse refused = await ExchangeAsync(server.Port, "127.0.0.2");

        Assert.Equal(503, refused.Status);
        Assert.Contains("the server has 2 connections open, the most it takes (--max-connections)", (string?)refused.Json["error"]);
    }

    [Fact]
    public async Task Event_streams_over_one_http2_connection_count_against_the_address_as_connections_do()
    {
        await using TestServer server = await TestServer.StartAsync(options =>
        {
            options.HttpsPort = 0;
            options.MaxConnectionsPerAddress = 2;
        });
        string share = await ShareLinkAsync(server);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(server.Host.CertificatePath!));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData);
        using var https = new HttpClient(handler) { BaseAddress = server.Host.HttpsBaseUrl, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        HttpResponseMessage first = await https.GetAsync(share + "/events", HttpCompletionOption.ResponseHeadersRead);
        using HttpResponseMessage second = await https.GetAsync(share + "/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpVersion.Version20, second.Version); // one connection carries them both

        using HttpResponseMessage refused = await https.GetAsync(share + "/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(ConnectionLimitMiddleware.RetryAfterSeconds, refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("127.0.0.1 has 2 event streams open, the most one address may (--max-connections-per-address)",
            (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]);

        first.Dispose(); // the page is closed: its stream is reset, the connection stays
        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage again = await https.GetAsync(share + "/events", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "an event stream that ended makes room for a new one from its address");
    }

    [Fact]
    public async Task Behind_haproxy_the_address_in_the_proxy_header_is_the_one_counted()
    {
        await using TestServer server = await TestServer.StartAsync(options =>
        {
            options.ProxyProtocolPort = LoopbackPort.Free();
            options.MaxConnectionsPerAddress = 1;
        });
        await using RawConnection held = await RawConnection.OpenAsync(server.ProxyPort); // every one comes from HAProxy's address
        await held.SendAsync(ProxyHeader.From([192, 0, 2, 7]));
        await WaitForOpenAsync(server, 1);

        RawResponse refused = await ExchangeThroughProxyAsync(server.ProxyPort, [192, 0, 2, 7]);

        Assert.Equal(503, refused.Status);
        Assert.Contains("192.0.2.7 has 1 connections open, the most one address may", (string?)refused.Json["error"]);
        Assert.Equal(200, (await ExchangeThroughProxyAsync(server.ProxyPort, [192, 0, 2, 8])).Status);
    }

    [Fact]
    public async Task The_64s_of_one_ipv6_48_hold_sixteen_addresses_shares_together_and_another_48_is_served()
    {
        await using TestServer server = await TestServer.StartAsync(options =>
        {
            options.ProxyProtocolPort = LoopbackPort.Free();
            options.MaxConnectionsPerAddress = 1;
        });
        var held = new List<RawConnection>();
        try
        {
            for (int i = 0; i < ClientAddress.SiteShares; i++) // one customer's /56: a connection from each of 16 of its /64s
            {
                RawConnection connection = await RawConnection.OpenAsync(server.ProxyPort);
                held.Add(connection);
                await connection.SendAsync(ProxyHeader.From(IPAddress.Parse($"2001:db8:1:{i:x}::1").GetAddressBytes()));
            }

            await WaitForOpenAsync(server, ClientAddress.SiteShares);

            RawResponse refused = await ExchangeThroughProxyAsync(server.ProxyPort, IPAddress.Parse("2001:db8:1:ff::1").GetAddressBytes());

            Assert.Equal(503, refused.Status);
            Assert.Contains("\r\nRetry-After: " + ConnectionLimitMiddleware.RetryAfterSeconds, refused.Head);
            Assert.Equal("2001:db8:1::/48 has 16 connections open from its /64s, the most one /48 may together (16 times --max-connections-per-address); close some and try again",
                (string?)refused.Json["error"]);
            Assert.Equal(200, (await ExchangeThroughProxyAsync(server.ProxyPort, IPAddress.Parse("2001:db8:2::1").GetAddressBytes())).Status); // another /48
        }
        finally
        {
            foreach (RawConnection connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        await WaitForOpenAsync(server, 0); // closed connections make room in their /48
        Assert.Equal(200, (await ExchangeThroughProxyAsync(server.ProxyPort, IPAddress.Parse("2001:db8:1:ff::1").GetAddressBytes())).Status);
    }

    [Fact]
    public void The_64s_of_one_ipv6_48_hold_sixteen_addresses_event_streams_together_logged_once_an_episode()
    {
        var log = new WarningLog();
        var limits = new ConnectionLimits(total: 1000, perAddress: 2, log);
        var keys = new List<IPAddress>();
        for (int i = 0; i < 2 * ClientAddress.SiteShares; i++)
        {
            Assert.Null(limits.TryOpenEventStream(IPAddress.Parse($"2001:db8:1:{i / 2:x}::{i + 1}"), out IPAddress key));
            keys.Add(key);
        }

        Assert.Equal("2001:db8:1::/48 has 32 event streams open from its /64s, the most one /48 may together (16 times --max-connections-per-address); close some pages and try again",
            limits.TryOpenEventStream(IPAddress.Parse("2001:db8:1:ff::1"), out _));
        Assert.NotNull(limits.TryOpenEventStream(IPAddress.Parse("2001:db8:1:fe::1"), out _));
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("2001:db8:2::1"), out _)); // another /48
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _)); // IPv4 is bounded per address only
        Assert.Equal(["2001:db8:1::/48 has 32 event streams open from its /64s, the most one /48 may together (16 times --max-connections-per-address): its new ones are refused until some close"],
            log.Warnings);

        limits.CloseEventStream(keys[0]);

        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("2001:db8:1:ff::1"), out _));
    }

    [Fact]
    public void A_closed_connection_makes_room_in_its_48_and_ipv4_mapped_addresses_are_not_grouped()
    {
        var limits = new ConnectionLimits(total: 1000, perAddress: 1, NullLogger.Instance);
        var keys = new List<IPAddress>();
        for (int i = 0; i < ClientAddress.SiteShares; i++)
        {
            Assert.Null(limits.TryOpen(IPAddress.Parse($"2001:db8:1:{i:x}::1"), out IPAddress key));
            keys.Add(key);
        }

        Assert.Contains("2001:db8:1::/48 has 16 connections open", limits.TryOpen(IPAddress.Parse("2001:db8:1:ff::1"), out _));
        limits.Close(keys[3]);
        Assert.Null(limits.TryOpen(IPAddress.Parse("2001:db8:1:ff::1"), out _));
        for (int i = 0; i < 2 * ClientAddress.SiteShares; i++) // 32 IPv4 clients in one IPv4 /16: each its own
        {
            Assert.Null(limits.TryOpen(IPAddress.Parse($"::ffff:192.0.2.{i}"), out _));
        }

        Assert.Equal(ClientAddress.SiteShares + (2 * ClientAddress.SiteShares), limits.Open);
    }

    [Fact]
    public async Task More_refusals_than_may_linger_at_once_are_each_answered_when_they_come_one_after_another()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxConnectionsPerAddress = 1);
        await using RawConnection held = await RawConnection.OpenAsync(server.Port);
        await WaitForOpenAsync(server, 1);

        for (int i = 0; i < ConnectionLimits.MaxLingeringRefusals + 2; i++)
        {
            await using RawConnection connection = await RawConnection.OpenAsync(server.Port);
            await connection.SendAsync(Health);
            connection.EndSending(); // so the refusal ends at once, not after its drain time
            RawResponse refused = await connection.ReadToEndAsync();
            Assert.True(refused.Status == 503, $"refusal {i + 1} was not answered 503: '{refused.Text}'");
        }
    }

    [Fact]
    public void An_event_stream_that_ended_makes_room_for_another_from_its_address()
    {
        var limits = new ConnectionLimits(total: 100, perAddress: 1, NullLogger.Instance);
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out IPAddress key));
        Assert.NotNull(limits.TryOpenEventStream(IPAddress.Parse("::ffff:192.0.2.1"), out _)); // the same client
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.2"), out _));

        limits.CloseEventStream(key);

        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _));
    }

    [Fact]
    public void A_refused_event_stream_is_logged_once_per_address_until_its_streams_closed()
    {
        var log = new WarningLog();
        var limits = new ConnectionLimits(total: 100, perAddress: 1, log);
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out IPAddress key));
        Assert.NotNull(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _));
        Assert.NotNull(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _));
        Assert.Equal(["192.0.2.1 has 1 event streams open, the most one address may (--max-connections-per-address): its new ones are refused until some close"], log.Warnings);

        limits.CloseEventStream(key); // the episode ends
        Assert.Null(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _));
        Assert.NotNull(limits.TryOpenEventStream(IPAddress.Parse("192.0.2.1"), out _));

        Assert.Equal(2, log.Warnings.Count);
    }

    [Fact]
    public void An_ipv6_client_counts_per_64_as_for_the_guess_limits()
    {
        var limits = new ConnectionLimits(total: 100, perAddress: 2, NullLogger.Instance);
        Assert.Null(limits.TryOpen(IPAddress.Parse("2001:db8::1"), out IPAddress first));
        Assert.Null(limits.TryOpen(IPAddress.Parse("2001:db8::2"), out _));

        Assert.Contains("2001:db8:: has 2 connections open", limits.TryOpen(IPAddress.Parse("2001:db8::ffff"), out _));
        Assert.Null(limits.TryOpen(IPAddress.Parse("2001:db8:0:1::1"), out _)); // another /64
        limits.Close(first);
        Assert.Null(limits.TryOpen(IPAddress.Parse("2001:db8::3"), out _));
        Assert.Equal(3, limits.Open);
    }

    [Fact]
    public void Refusals_wait_for_their_clients_only_so_many_at_once()
    {
        var limits = new ConnectionLimits(total: 1, perAddress: 1, NullLogger.Instance);
        Assert.All(Enumerable.Range(0, ConnectionLimits.MaxLingeringRefusals), _ => Assert.True(limits.TryLinger()));

        Assert.False(limits.TryLinger());
        limits.EndLingering();
        Assert.True(limits.TryLinger());
    }

    [Theory]
    [InlineData("Max open files            20000                20000                files     ", 18000)]
    [InlineData("Max open files            65536                65536                files     ", 58983)]
    [InlineData("Max open files            100                  4096                 files     ", 36)] // keeps at least 64 aside
    [InlineData("Max open files            unlimited            unlimited            files     ", int.MaxValue)]
    [InlineData("Max processes             1000                 1000                 processes ", ConnectionLimits.FallbackTotal)]
    public void The_default_total_leaves_a_tenth_of_the_file_limit_to_the_rest(string line, int expected)
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "Limit                     Soft Limit           Hard Limit           Units     \n" + line + "\n");
            Assert.Equal(expected, ConnectionLimits.DefaultTotal(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_default_total_without_a_limits_file_is_the_fallback()
    {
        Assert.Equal(ConnectionLimits.FallbackTotal, ConnectionLimits.DefaultTotal(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }

    private static async Task<string> ShareLinkAsync(TestServer server)
    {
        JsonObject made = await server.ClientRespAsync("""[{"x":[],"y":[],"stream":{"token":"limit-test-token"}}]""", """{"filename":"limits"}""");
        return new Uri((string)made["url"]!).AbsolutePath;
    }

    // The server counts a connection once it accepted it, a moment after the client's connect returned.
    private static Task WaitForOpenAsync(TestServer server, int count) =>
        Eventually.TrueAsync(() => Task.FromResult(server.Host.Connections.Open == count), $"{count} connection(s) open");

    // GET /healthz on a new connection to the PROXY protocol port, as HAProxy forwards one from that source address.
    private static async Task<RawResponse> ExchangeThroughProxyAsync(int port, byte[] source)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(port);
        await connection.SendAsync([.. ProxyHeader.From(source), .. System.Text.Encoding.ASCII.GetBytes(Health)]);
        return await connection.ReadToEndAsync();
    }

    // GET /healthz on a new connection from that loopback address.
    private static async Task<RawResponse> ExchangeAsync(int port, string from)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(port, from);
        await connection.SendAsync(Health);
        return await connection.ReadToEndAsync();
    }
}
