using HeartRateStreamer.StreamServer.LoadBenchmark;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Tests.Accounts;

/// <summary>Issue 13: "No rate limit on wrong keys (6,200 guesses/s, one warning line each) or token guesses".</summary>
public sealed class GuessLimitTests
{
    [Fact]
    public async Task WrongKeysBeyondTheBurstAreRefusedWith429EvenWhenTheNextKeyIsRight()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 10; i++)
        {
            Assert.StartsWith("user 'alice' does not exist or the key is wrong", (string?)(await server.ClientRespAsync("[]", "{}", key: "wrong-key-guess-" + i))["error"]);
        }

        using HttpResponseMessage refused = await PostClientRespAsync(server, TestServer.AliceKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 2);
        Assert.Contains("too many wrong user names or keys", await refused.Content.ReadAsStringAsync());
        // Viewers are not held up by someone guessing from their address.
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/~alice/0.json")).StatusCode);
    }

    [Fact]
    public async Task RequestsWithoutAKeyAreAnswered401WithoutCountingAsGuesses()
    {
        await using TestServer server = await TestServer.StartAsync();
        Assert.Equal("", (string?)(await server.ClientRespAsync("[]", """{"filename":"kept"}"""))["error"]);
        for (int i = 0; i < 20; i++)
        {
            // An owner's page or script asking before it sends the key: nothing was guessed.
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("/~alice")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.DeleteAsync("/~alice/0")).StatusCode);
            // An owner's edit sent before the key was typed in: a POST, yet it carries no key either.
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.PostAsync("/~alice/0/layout", new StringContent("""{"title.text":"t"}"""))).StatusCode);
            // Authorization headers in which the endpoints find no key (they read them with BasicCredentials.Parse): an
            // empty key after the name, another scheme, Basic that is not base64 or has no colon.
            foreach (string header in new[] { "Basic " + Base64("alice:"), "Bearer some-other-scheme-token", "Basic not*base64", "Basic " + Base64("alice") })
            {
                using HttpResponseMessage keyless = await SendWithAuthorizationAsync(server, HttpMethod.Get, "/~alice", header);
                Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
            }
        }

        using HttpResponseMessage owner = await SendWithBasicAsync(server, HttpMethod.Get, "/~alice", TestServer.AliceKey);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);

        // A wrong key in an Authorization header is a guess, and counts as one.
        for (int i = 0; i < 10; i++)
        {
            using HttpResponseMessage wrong = await SendWithBasicAsync(server, HttpMethod.Get, "/~alice", "wrong-key-guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using HttpResponseMessage refused = await SendWithBasicAsync(server, HttpMethod.Get, "/~alice", TestServer.AliceKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownStreamTokensBeyondTheBurstAreRefusedWith429()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(404, (await server.ExchangeAsync($"POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: guess-{i}\r\nContent-Length: 0\r\n\r\n")).Status);
        }

        RawResponse refused = await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: guess-10\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(429, refused.Status);
        Assert.Contains("\r\nRetry-After: ", refused.Text);
        // Keys are counted apart: the owner can still create plots.
        Assert.Equal("", (string?)(await server.ClientRespAsync("[]", """{"filename":"still fine"}"""))["error"]);
    }

    // The audit's attack: wrong keys sent side by side, each body held back until every request is in, so none has failed
    // when the others are checked. Each request takes its attempt when it is checked: at most the burst get a key tried.
    [Fact]
    public async Task ParallelWrongKeysWithHeldBackBodiesGetNoMoreTriesThanTheBurst()
    {
        const int Burst = 3;
        const int Requests = 12;
        await using TestServer server = await TestServer.StartAsync(options => { options.GuessBurst = Burst; options.GuessRefillSeconds = 3600; });
        string[] bodies = Enumerable.Range(0, Requests).Select(i => $"un={TestServer.Alice}&key=wrong-key-guess-{i:D4}&args=[]&kwargs={{}}").ToArray();
        int[] statuses = await SideBySideAsync(server.Port, Requests, i =>
            $"POST /clientresp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {bodies[i].Length}\r\n\r\n",
            i => bodies[i], refused: Requests - Burst);

        Assert.True(statuses.Count(s => s == 401) <= Burst, $"wrong keys tried: {statuses.Count(s => s == 401)}, burst {Burst}; statuses {string.Join(",", statuses)}");
        Assert.True(statuses.Count(s => s == 429) == Requests - Burst, $"refused: {statuses.Count(s => s == 429)} of {Requests}; statuses {string.Join(",", statuses)}");
    }

    // Monitors behind one NAT re-registering after a power cut, a script plotting in parallel: right keys whose plots wait
    // in their save (the database held, as a slow one holds it) hold no attempt there, so an address that failed nothing
    // is not refused. Sent one after the other, each once the one before it waits in its save: the attempts a request
    // takes while it is checked (before its key is derived) are not what this is about.
    [Fact]
    public async Task RightKeysWaitingInTheirSavesAreNotRefused()
    {
        const int Burst = 3;
        await using TestServer server = await TestServer.StartAsync(options => { options.GuessBurst = Burst; options.GuessRefillSeconds = 3600; });
        var replies = new List<Task<JsonObject>>();
        int listsRefused = 0;
        using (SqliteConnection held = StoredDatabase.HoldWriteLock(server.Host.DataDirectory))
        {
            for (int i = 0; i <= Burst; i++)
            {
                replies.Add(server.ClientRespAsync("[]", $"{{\"filename\":\"parallel {i}\"}}"));
                int made = i + 1;
                // Until its plot is made (it then waits in the save), or it is answered, or the owner's list (a right key
                // too) is refused: the old code's 429s.
                await Eventually.TrueAsync(async () =>
                {
                    int owned = await OwnedPlotsAsync(server);
                    listsRefused += owned < 0 ? 1 : 0;
                    return replies[^1].IsCompleted || owned == made || owned < 0;
                }, $"plot request {i} in its save or answered");
            }
        }

        JsonObject[] answered = await Task.WhenAll(replies);
        Assert.All(answered, reply => Assert.Equal("", (string?)reply["error"]));
        Assert.Equal(0, listsRefused);
    }

    // How many plots alice owns (GET /~alice); -1 when that is refused (429).
    private static async Task<int> OwnedPlotsAsync(TestServer server)
    {
        using HttpResponseMessage list = await SendWithBasicAsync(server, HttpMethod.Get, "/~alice", TestServer.AliceKey);
        return list.StatusCode == HttpStatusCode.OK ? ((JsonArray)JsonNode.Parse(await list.Content.ReadAsStringAsync())!["plots"]!).Count : -1;
    }

    // Sends every request's head on its own connection, waits until `refused` of them are answered (those the limit
    // turns away before their bodies; at most 3 s, for code that answers none before its body: Kestrel ends a body that
    // has not started within 5 s with 408), then sends every body and returns each connection's status.
    private static async Task<int[]> SideBySideAsync(int port, int count, Func<int, string> head, Func<int, string> body, int refused)
    {
        var connections = new RawConnection[count];
        for (int i = 0; i < count; i++)
        {
            connections[i] = await RawConnection.OpenAsync(port);
        }

        try
        {
            for (int i = 0; i < count; i++)
            {
                await connections[i].SendAsync(head(i));
            }

            Task<RawResponse>[] answers = connections.Select(connection => connection.ReadToEndAsync()).ToArray();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            while (answers.Count(answer => answer.IsCompleted) < refused && !patience.IsCancellationRequested)
            {
                await Task.WhenAny(Task.WhenAny(answers.Where(answer => !answer.IsCompleted)), Task.Delay(Timeout.Infinite, patience.Token));
            }

            for (int i = 0; i < count; i++)
            {
                try
                {
                    await connections[i].SendAsync(body(i));
                }
                catch (IOException)
                {
                    // Answered and closed already.
                }
            }

            return (await Task.WhenAll(answers)).Select(answer => answer.Status).ToArray();
        }
        finally
        {
            foreach (RawConnection connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public void AnAddressRefillsAtTheConfiguredRateAndIsLoggedOncePerWindow()
    {
        var time = new ManualTime();
        var log = new CountingLogger();
        var limiter = new FailureRateLimiter("Wrong keys", burst: 3, refill: TimeSpan.FromSeconds(10), log, time);
        IPAddress guesser = IPAddress.Parse("192.0.2.7");

        for (int i = 0; i < 3; i++)
        {
            Assert.False(limiter.IsLimited(guesser, out _));
            Assert.NotNull(limiter.TryReserve(guesser, out _, out _)); // a failure: the attempt is never given back
        }

        Assert.True(limiter.IsLimited(guesser, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
        Assert.Null(limiter.TryReserve(guesser, out _, out _)); // refused: logged
        Assert.False(limiter.IsLimited(IPAddress.Parse("192.0.2.8"), out _));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(limiter.IsLimited(guesser, out _));
        Assert.NotNull(limiter.TryReserve(guesser, out _, out _));
        Assert.Null(limiter.TryReserve(guesser, out _, out _)); // refused again in the same window: not logged again
        Assert.Equal(1, log.Warnings);

        time.Advance(TimeSpan.FromMinutes(5));
        for (int i = 0; i < 3; i++)
        {
            Assert.NotNull(limiter.TryReserve(guesser, out _, out _));
        }

        Assert.Null(limiter.TryReserve(guesser, out _, out _));
        Assert.Equal(2, log.Warnings);
    }

    // Requests sent side by side each take an attempt when they are checked, before any of them has failed: the burst
    // bounds the attempts under way as well as the failures, and an attempt that failed nothing comes back.
    [Fact]
    public void AttemptsUnderWayUseTheBurstAndComeBackWhenTheyFailNothing()
    {
        var limiter = new FailureRateLimiter("Wrong keys", burst: 3, refill: TimeSpan.FromSeconds(10), new CountingLogger(), new ManualTime());
        IPAddress address = IPAddress.Parse("192.0.2.9");
        GuessAttempt[] underWay = Enumerable.Range(0, 3).Select(_ => limiter.TryReserve(address, out TimeSpan _, out string _)!).ToArray();
        Assert.All(underWay, Assert.NotNull);
        Assert.Null(limiter.TryReserve(address, out _, out _));

        underWay[0].GiveBack();
        underWay[0].GiveBack(); // once only
        Assert.NotNull(limiter.TryReserve(address, out _, out _));
        Assert.Null(limiter.TryReserve(address, out _, out _));
        underWay[1].Fail();
        underWay[1].GiveBack(); // a failure stays one
        Assert.Null(limiter.TryReserve(address, out _, out _));
    }

    [Fact]
    public void AnIpv6HostCountsPerSlash64()
    {
        var limiter = new FailureRateLimiter("Unknown stream tokens", burst: 2, refill: TimeSpan.FromMinutes(1), new CountingLogger(), new ManualTime());

        limiter.TryReserve(IPAddress.Parse("2001:db8:1:2::1"), out _, out _);
        limiter.TryReserve(IPAddress.Parse("2001:db8:1:2:ffff::99"), out _, out _);

        Assert.True(limiter.IsLimited(IPAddress.Parse("2001:db8:1:2::abcd"), out _));
        Assert.False(limiter.IsLimited(IPAddress.Parse("2001:db8:1:3::1"), out _));
    }

    // A customer given a /56 holds 256 /64s, each with an allowance of its own: the /64s of one /48 together have
    // ClientAddress.SiteShares allowances, in burst and in rate, as for connections and forms.
    [Fact]
    public void The_64s_of_one_ipv6_48_guess_sixteen_addresses_allowances_together_and_another_48_is_not_held_up()
    {
        var time = new ManualTime();
        var log = new CountingLogger();
        var limiter = new FailureRateLimiter("Wrong user names or keys", burst: 2, refill: TimeSpan.FromMinutes(1), log, time);
        Assert.Equal(2 * ClientAddress.SiteShares, limiter.SiteBurst);
        for (int i = 0; i < ClientAddress.SiteShares; i++) // each /64 within its own burst
        {
            Assert.NotNull(limiter.TryReserve(IPAddress.Parse($"2001:db8:1:{i:x}::1"), out _, out _));
            Assert.NotNull(limiter.TryReserve(IPAddress.Parse($"2001:db8:1:{i:x}::2"), out _, out _));
        }

        IPAddress fresh = IPAddress.Parse("2001:db8:1:ff::1"); // a /64 that failed nothing yet
        Assert.True(limiter.IsLimited(fresh, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1) / ClientAddress.SiteShares, retryAfter); // the /48 refills 16 times as fast
        Assert.Null(limiter.TryReserve(fresh, out retryAfter, out string refused));
        Assert.Equal("2001:db8:1::/48, from its /64s together", refused);
        Assert.Null(limiter.TryReserve(IPAddress.Parse("2001:db8:1:fe::1"), out _, out _));
        Assert.Equal(1, log.Warnings); // once for the /48

        Assert.NotNull(limiter.TryReserve(IPAddress.Parse("2001:db8:2::1"), out _, out _)); // another /48
        Assert.NotNull(limiter.TryReserve(IPAddress.Parse("::ffff:192.0.2.1"), out _, out _)); // IPv4: per address only
        time.Advance(TimeSpan.FromMinutes(1) / ClientAddress.SiteShares);
        GuessAttempt? again = limiter.TryReserve(fresh, out _, out _);
        Assert.NotNull(again);
        Assert.Null(limiter.TryReserve(IPAddress.Parse("2001:db8:1:fe::1"), out _, out _));
        again.GiveBack(); // a right key: its place goes back to the /48 as well
        Assert.NotNull(limiter.TryReserve(IPAddress.Parse("2001:db8:1:fe::1"), out _, out _));
    }

    // The same through the server, as HAProxy hands it clients (the PROXY protocol header): wrong keys from 16 /64s of one
    // /48, then a right key from a 17th /64 is refused 429, naming the /48; another /48 and the owner's own /64 rule apart.
    [Fact]
    public async Task Wrong_keys_from_many_64s_of_one_48_are_refused_429_naming_the_48_and_another_48_makes_its_plot()
    {
        await using TestServer server = await StartBehindProxyWithOneGuessAsync();
        await FailFromEach64Of2001Db81Async(i => ClientRespThroughProxyAsync(server, IPAddress.Parse($"2001:db8:1:{i:x}::1"), "wrong-key-guess-" + i), 401);

        RawResponse refused = await ClientRespThroughProxyAsync(server, IPAddress.Parse("2001:db8:1:ff::1"), TestServer.AliceKey);

        Assert.Equal(429, refused.Status);
        Assert.Contains("\r\nRetry-After: 225\r\n", refused.Head); // an hour over 16
        Assert.Equal("too many wrong user names or keys from 2001:db8:1::/48, from its /64s together; try again in 225 s", (string?)refused.Json["error"]);
        Assert.Equal(200, (await ClientRespThroughProxyAsync(server, IPAddress.Parse("2001:db8:2::1"), TestServer.AliceKey)).Status);
    }

    // Unknown stream tokens from 16 /64s of one /48: a 17th /64 is refused 429 with Plotly's message, which says "this
    // address" as the device's own table does, and a detail naming the /48 that has had too many.
    [Fact]
    public async Task Unknown_tokens_from_many_64s_of_one_48_are_refused_429_with_a_detail_naming_the_48()
    {
        await using TestServer server = await StartBehindProxyWithOneGuessAsync();
        await FailFromEach64Of2001Db81Async(i => StreamThroughProxyAsync(server, IPAddress.Parse($"2001:db8:1:{i:x}::1"), "unknown-token-" + i), 404);

        RawResponse own = await StreamThroughProxyAsync(server, IPAddress.Parse("2001:db8:1::1"), "unknown-token-again");
        RawResponse site = await StreamThroughProxyAsync(server, IPAddress.Parse("2001:db8:1:ff::1"), "unknown-token-17");

        Assert.Equal(429, own.Status);
        Assert.Null(own.Json["detail"]); // the address itself: the message says it
        Assert.Equal(429, site.Status);
        Assert.Equal("too many unknown stream tokens from this address: try again after Retry-After seconds", (string?)site.Json["message"]);
        Assert.Equal("counted for 2001:db8:1::/48, from its /64s together", (string?)site.Json["detail"]);
    }

    // A server behind HAProxy's PROXY header where each address (and a /48, 16 times as much) has one failure an hour.
    private static Task<TestServer> StartBehindProxyWithOneGuessAsync() => TestServer.StartAsync(options =>
    {
        options.ProxyProtocolPort = LoopbackPort.Free();
        options.GuessBurst = 1;
        options.GuessRefillSeconds = 3600;
    });

    // One failure (answered `status`) from each of 16 /64s of 2001:db8:1::/48: every one within its own allowance, and
    // the /48's used up.
    private static async Task FailFromEach64Of2001Db81Async(Func<int, Task<RawResponse>> fail, int status)
    {
        for (int i = 0; i < ClientAddress.SiteShares; i++)
        {
            Assert.Equal(status, (await fail(i)).Status);
        }
    }

    private static async Task<RawResponse> StreamThroughProxyAsync(TestServer server, IPAddress from, string token)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(server.ProxyPort);
        await connection.SendAsync([.. ProxyHeader.From(from.GetAddressBytes()), .. Encoding.ASCII.GetBytes(RawHttp.StreamHead(token) + "0\r\n\r\n")]);
        return await connection.ReadToEndAsync();
    }

    private static async Task<RawResponse> ClientRespThroughProxyAsync(TestServer server, IPAddress from, string key)
    {
        string form = $"un={TestServer.Alice}&key={key}&args=[]&kwargs={{}}";
        await using RawConnection connection = await RawConnection.OpenAsync(server.ProxyPort);
        await connection.SendAsync([.. ProxyHeader.From(from.GetAddressBytes()), .. Encoding.ASCII.GetBytes(
            $"POST /clientresp HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\nConnection: close\r\n\r\n{form}")]);
        return await connection.ReadToEndAsync();
    }

    // Someone holding many addresses (IPv6 /64s are cheap) keeps the table full: a further address must not make the
    // limiter scan the whole table on each request.
    [Fact]
    public void AddressesBeyondAFullTableAreNeitherRefusedNorCountedAndTheTableIsScannedOncePerRefill()
    {
        // Whoever fills the table guesses from more addresses than it holds, each at its own rate: a bucket shared by the
        // rest would not slow that guesser, but would refuse every new viewer and device while the guesser kept it empty.
        var time = new ManualTime();
        var logger = new CountingLogger();
        var limiter = new FailureRateLimiter("Unknown stream tokens", burst: 2, refill: TimeSpan.FromMinutes(1), logger, time);
        for (int i = 0; i < FailureRateLimiter.MaxAddresses; i++)
        {
            limiter.TryReserve(new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i }), out _, out _);
        }

        IPAddress first = IPAddress.Parse("2001:db8:1::1");
        for (int i = 1; i < 100; i++)
        {
            IPAddress address = IPAddress.Parse($"2001:db8:{i:x}::1"); // each in a /48 of its own: one /48's /64s share a bucket
            limiter.TryReserve(address, out _, out _);
            limiter.TryReserve(address, out _, out _);
            limiter.TryReserve(address, out _, out _);
            Assert.False(limiter.IsLimited(address, out _), $"{address}: a newcomer beyond a full table is not refused");
        }

        Assert.Equal(1, limiter.Prunes); // nothing could have refilled: the table was scanned once, not per address
        Assert.Equal(1, logger.Warnings); // the table's filling, once
        limiter.TryReserve(IPAddress.Parse("10.0.0.7"), out _, out _);
        limiter.TryReserve(IPAddress.Parse("10.0.0.7"), out _, out _);
        Assert.True(limiter.IsLimited(IPAddress.Parse("10.0.0.7"), out _)); // a tracked address keeps its own bucket

        // Once the tracked buckets have refilled they make room: a new address has a bucket of its own again.
        time.Advance(TimeSpan.FromMinutes(2));
        limiter.TryReserve(first, out _, out _);
        limiter.TryReserve(first, out _, out _);
        Assert.True(limiter.IsLimited(first, out _));
    }

    private static async Task<HttpResponseMessage> SendWithBasicAsync(TestServer server, HttpMethod method, string path, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = TestServer.Basic(TestServer.Alice, key);
        return await server.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendWithAuthorizationAsync(TestServer server, HttpMethod method, string path, string header)
    {
        using var request = new HttpRequestMessage(method, path);
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));
        return await server.Http.SendAsync(request);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<HttpResponseMessage> PostClientRespAsync(TestServer server, string key)
    {
        string form = $"un={TestServer.Alice}&key={key}&args=[]&kwargs={{}}";
        return await server.Http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
        }
    }
}
