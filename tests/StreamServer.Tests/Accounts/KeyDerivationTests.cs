using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Accounts;

/// <summary>Every wrong key for a known user costs a PBKDF2 derivation, and the guess limits bound one address, not many:
/// 2,000 addresses guessing within their limits took about 0.8 of a core. <see cref="KeyDerivations"/> bounds the
/// derivations running at once server-wide; a key found right before is compared by its SHA-256 and never waits for it.
/// The slots are held by the tests (a derivation that blocks until released), so what is refused does not depend on timing.</summary>
public sealed class KeyDerivationTests
{
    [Fact]
    public async Task The_gate_refuses_a_derivation_beyond_its_bound_and_runs_one_again_once_a_slot_is_free()
    {
        var gate = new KeyDerivations(capacity: 2, wait: TimeSpan.Zero);
        await using (HeldSlots held = await HeldSlots.TakeAsync(gate))
        {
            bool ran = false;
            KeyCheckBusyException busy = await Assert.ThrowsAsync<KeyCheckBusyException>(() => gate.RunAsync(() => ran = true, CancellationToken.None));

            Assert.False(ran);
            Assert.Equal("the server is busy checking other keys (2 at once, the most it takes); this key was not checked: send the request again in a second", busy.Message);
        }

        Assert.Equal(0, gate.Running);
        Assert.True(await gate.RunAsync(() => true, CancellationToken.None));
    }

    // The wait is not tied to the request's token (each registration cost a flood's answers CPU): a request gone while it
    // waited is found out once it has the slot, and its key is not derived.
    [Fact]
    public async Task A_request_gone_while_it_waited_for_a_slot_gets_no_derivation()
    {
        var gate = new KeyDerivations(capacity: 1, wait: TimeSpan.FromMinutes(1));
        using var gone = new CancellationTokenSource();
        bool ran = false;
        Task<bool> waiting;
        await using (HeldSlots held = await HeldSlots.TakeAsync(gate))
        {
            waiting = gate.RunAsync(() => ran = true, gone.Token);
            await gone.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(ran);
        Assert.Equal(0, gate.Running);
    }

    [Fact]
    public async Task While_every_slot_is_taken_a_key_that_needs_a_derivation_is_answered_503_and_a_verified_key_is_served()
    {
        await using TestServer server = await TestServer.StartAsync(options => { options.GuessBurst = 1; options.GuessRefillSeconds = 3600; });
        Assert.Equal(HttpStatusCode.OK, (await OwnerListAsync(server, TestServer.Alice, TestServer.AliceKey)).StatusCode); // alice's key is verified once

        await using (HeldSlots held = await HeldSlots.TakeAsync(server.Host.KeyDerivations))
        {
            for (int i = 0; i < 2; i++) // a refusal is no failure: the guess limit's one attempt comes back each time
            {
                using HttpResponseMessage wrong = await PostClientRespAsync(server, TestServer.Alice, "wrong-key-guess-" + i);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, wrong.StatusCode);
                Assert.Equal("1", wrong.Headers.GetValues("Retry-After").Single());
                Assert.StartsWith("the server is busy checking other keys", (string?)JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["error"]);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await OwnerListAsync(server, TestServer.Bob, TestServer.BobKey)).StatusCode); // right, but never checked yet
            Assert.Equal(HttpStatusCode.Unauthorized, (await OwnerListAsync(server, TestServer.Alice, "")).StatusCode); // no key: nothing to derive

            // The verified key is not behind the gate: it plots and lists as ever.
            Assert.Equal(HttpStatusCode.OK, (await OwnerListAsync(server, TestServer.Alice, TestServer.AliceKey)).StatusCode);
            Assert.Equal("", (string?)(await server.ClientRespAsync("[]", """{"filename":"while busy"}"""))["error"]);
        }

        // Slots free: keys are checked again (the one failure this burst allows comes last).
        Assert.Equal(HttpStatusCode.OK, (await OwnerListAsync(server, TestServer.Bob, TestServer.BobKey)).StatusCode);
        using HttpResponseMessage checkedNow = await PostClientRespAsync(server, TestServer.Alice, "wrong-key-guess-2");
        Assert.Equal(HttpStatusCode.Unauthorized, checkedNow.StatusCode);
    }

    // A base64 key's '+' sent unencoded (the npm and Arduino clients) arrives as a space. It is read as '+' and derived
    // once, right or wrong: not once as sent and again as read, which would double what each guess costs.
    [Fact]
    public async Task A_key_whose_plus_arrived_as_a_space_costs_clientresp_one_derivation_right_or_wrong()
    {
        const string Key = "Ab3+kq/Zx9+mW2pL0eRt";
        await using TestServer server = await TestServer.StartAsync(options => options.Users = new Dictionary<string, string> { ["carol"] = Key });
        KeyDerivations gate = server.Host.KeyDerivations;
        long before = gate.Derived;

        JsonObject right = await TestServer.ClientRespAsync(server.Http, "[]", """{"filename":"raw key"}""", "carol", Key);
        Assert.Equal("", (string?)right["error"]);
        Assert.Equal(1, gate.Derived - before);

        JsonObject wrong = await TestServer.ClientRespAsync(server.Http, "[]", """{"filename":"raw key"}""", "carol", "Zz9+kq/Zx9+mW2pL0eRt");
        Assert.StartsWith("user 'carol' does not exist or the key is wrong", (string?)wrong["error"]);
        Assert.Equal(2, gate.Derived - before);
    }

    private static async Task<HttpResponseMessage> OwnerListAsync(TestServer server, string user, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/~" + user);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + key)));
        return await server.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostClientRespAsync(TestServer server, string user, string key)
    {
        string form = $"un={user}&key={key}&args=[]&kwargs={{}}";
        return await server.Http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)));
    }

    // Every slot of the gate, each held by a derivation that blocks until disposed.
    private sealed class HeldSlots : IAsyncDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly List<Task<bool>> _derivations = [];

        public static async Task<HeldSlots> TakeAsync(KeyDerivations gate)
        {
            var held = new HeldSlots();
            for (int i = 0; i < gate.Capacity; i++)
            {
                // A thread of its own each, as a derivation takes one, not the thread pool's the server needs.
                held._derivations.Add(Task.Factory.StartNew(() => gate.RunAsync(() => held._release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
            }

            await Eventually.TrueAsync(() => Task.FromResult(gate.Running == gate.Capacity), $"{gate.Capacity} slots taken");
            return held;
        }

        public async ValueTask DisposeAsync()
        {
            _release.Set();
            Assert.All(await Task.WhenAll(_derivations), released => Assert.True(released));
            _release.Dispose();
        }
    }
}
