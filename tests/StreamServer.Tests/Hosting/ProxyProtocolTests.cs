using HeartRateStreamer.StreamServer.LoadBenchmark;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>--proxy-protocol-port behind the deployment's HAProxy (deploy/haproxy.cfg.template, send-proxy-v2): the node
/// sees each client's own address, so one client guessing keys does not lock out the others who come through the same
/// HAProxy. Loopback has every 127.x.y.z, so two clients with addresses of their own run on one machine.</summary>
public sealed class ProxyProtocolTests
{
    [Fact]
    public async Task A_client_guessing_keys_through_haproxy_is_limited_alone()
    {
        await using TestServer node = await TestServer.StartAsync(options =>
        {
            options.ProxyProtocolPort = LoopbackPort.Free();
            options.GuessBurst = 3;
            options.GuessRefillSeconds = 600;
        });
        // Started and answering before HAProxy checks it, as a deployed node is (HAProxy's first check allows 1 s, which a
        // node's first request can take on a busy machine).
        Assert.True((await node.Http.GetAsync("/healthz")).IsSuccessStatusCode);
        await using HaproxyServer proxy = await HaproxyServer.StartAsync([node.ProxyPort]);
        using HttpClient guesser = ClientFrom("127.0.0.2", proxy.BaseUrl);
        using HttpClient owner = ClientFrom("127.0.0.3", proxy.BaseUrl);

        for (int i = 0; i < 3; i++)
        {
            Assert.StartsWith("user 'alice' does not exist or the key is wrong", (string?)(await TestServer.ClientRespAsync(guesser, "[]", "{}", key: "wrong-key-" + i))["error"]);
        }

        JsonObject refused = await TestServer.ClientRespAsync(guesser, "[]", "{}");
        Assert.StartsWith("too many wrong user names or keys from this address", (string?)refused["error"]);
        JsonObject made = await TestServer.ClientRespAsync(owner, "[]", """{"filename":"through haproxy"}""");
        Assert.Equal("", (string?)made["error"]);
    }

    [Fact]
    public async Task A_connection_to_the_proxy_protocol_port_without_the_header_is_closed_unanswered()
    {
        await using TestServer node = await TestServer.StartAsync(options => options.ProxyProtocolPort = LoopbackPort.Free());
        await using RawConnection direct = await RawConnection.OpenAsync(node.ProxyPort);
        await direct.SendAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal("", (await direct.ReadToEndAsync()).Text);
        // The node's own port is unchanged.
        Assert.True((await node.Http.GetAsync("/healthz")).IsSuccessStatusCode);
    }

    // An HTTP client whose connections come from that loopback address.
    private static HttpClient ClientFrom(string address, Uri baseUrl)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }
}
