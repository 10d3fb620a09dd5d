using System.Net;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>/clientresp holds a form whole before it can check its key (the npm client sends the key last), so the forms under
/// way are bounded in bytes per address and in all (<see cref="FormBytesInFlight"/>): before, anyone could make the server
/// hold 2 MiB per connection for hours by sending all of a form but its last bytes (200 such connections: 170 MiB more).</summary>
public sealed class FormBudgetTests
{
    private const string Form = """platform=nodejs&version=1.0.4&args=[{"x":[1],"y":[2]}]&kwargs={"filename":"budget"}&un=alice&key=alice-key-0001-test&origin=plot""";

    [Fact]
    public async Task Forms_held_back_past_an_addresss_share_are_refused_429_and_other_addresses_are_served()
    {
        await using TestServer server = await TestServer.StartAsync();
        int heldBack = (int)(FormBytesInFlight.DefaultPerAddress / ClientRespEndpoint.MaxBodyBytes);
        var held = new List<RawConnection>();
        try
        {
            for (int i = 0; i < heldBack; i++)
            {
                RawConnection connection = await RawConnection.OpenAsync(server.Port);
                held.Add(connection);
                await connection.SendAsync($"POST /clientresp HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {ClientRespEndpoint.MaxBodyBytes}\r\n\r\nun=alice&key=");
            }

            await WaitForReservedAsync(server, FormBytesInFlight.DefaultPerAddress);
            RawResponse refused = await PostFormAsync(server, "127.0.0.1");
            Assert.Equal(429, refused.Status);
            Assert.Contains("\r\nRetry-After: " + ClientRespEndpoint.RetryAfterSeconds, refused.Head);
            Assert.StartsWith($"this address has {FormBytesInFlight.DefaultPerAddress} bytes of plot requests under way", (string?)refused.Json["error"]);

            Assert.Equal("", (string?)(await PostFormAsync(server, "127.0.0.2")).Json["error"]); // another address makes its plot
        }
        finally
        {
            foreach (RawConnection connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        await WaitForReservedAsync(server, 0); // forms that ended make room
        Assert.Equal("", (string?)(await PostFormAsync(server, "127.0.0.1")).Json["error"]);
    }

    [Fact]
    public async Task A_form_that_stalls_is_answered_408_at_its_deadline_and_its_bytes_are_released()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.FormDeadlineSeconds = 1);
        await using RawConnection stalled = await RawConnection.OpenAsync(server.Port);
        await stalled.SendAsync($"POST /clientresp HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {ClientRespEndpoint.MaxBodyBytes}\r\n\r\n");
        // All but its last byte at once: Kestrel's minimum data rate, averaged over the body, would wait hours for that byte.
        await stalled.SendAsync(new string('a', ClientRespEndpoint.MaxBodyBytes - 1));

        RawResponse answer = await stalled.ReadToEndAsync(); // the server closes it: the rest of the body is not waited for

        Assert.Equal(408, answer.Status);
        Assert.Equal("the form did not arrive whole within 1 s; send it again, all at once", (string?)answer.Json["error"]);
        await WaitForReservedAsync(server, 0);
    }

    [Fact]
    public void The_server_wide_bound_refuses_any_address_and_a_released_form_makes_room()
    {
        var forms = new FormBytesInFlight(total: 100, perAddress: 60, FormBytesInFlight.DefaultReadTime, NullLogger.Instance);
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 60, out IPAddress first, out _));
        Assert.True(forms.TryReserve(IPAddress.Parse("::ffff:192.0.2.1"), 1, out _, out _)); // the address is full
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.2"), 40, out _, out _));
        Assert.False(forms.TryReserve(IPAddress.Parse("192.0.2.3"), 1, out _, out string? refusal)); // the server is full
        Assert.Equal("the server has 100 bytes of plot requests under way, 100 at most; try again in a few seconds", refusal);

        forms.Release(first, 60);

        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.3"), 60, out _, out _));
        Assert.Equal(100, forms.Reserved);
    }

    [Fact]
    public void A_refused_form_is_told_what_its_address_holds_and_the_limit()
    {
        var forms = new FormBytesInFlight(total: 1000, perAddress: 60, FormBytesInFlight.DefaultReadTime, NullLogger.Instance);
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 50, out _, out _));

        Assert.True(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 20, out _, out string? refusal));

        Assert.Equal("this address has 50 bytes of plot requests under way, and this one's 20 more would pass 60, the most one address may; "
            + "send it when they are answered", refusal);
    }

    [Fact]
    public void Refused_forms_are_logged_once_per_address_until_its_forms_are_answered_and_once_while_the_server_is_full()
    {
        var log = new WarningLog();
        var forms = new FormBytesInFlight(total: 100, perAddress: 60, FormBytesInFlight.DefaultReadTime, log);
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 60, out IPAddress first, out _));
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.2"), 40, out IPAddress second, out _));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 1, out _, out _));
            Assert.False(forms.TryReserve(IPAddress.Parse("192.0.2.3"), 1, out _, out _));
        }

        Assert.Equal(["192.0.2.1 has 60 bytes of plot requests under way, 60 at most: its larger ones are refused until some are answered",
            "100 bytes of plot requests are under way, the most the server takes: new ones are refused until some are answered"], log.Warnings);

        forms.Release(first, 60); // both episodes end
        forms.Release(second, 40);
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 60, out _, out _));
        Assert.Null(forms.TryReserve(IPAddress.Parse("192.0.2.2"), 40, out _, out _));
        Assert.True(forms.TryReserve(IPAddress.Parse("192.0.2.1"), 1, out _, out _));
        Assert.False(forms.TryReserve(IPAddress.Parse("192.0.2.3"), 1, out _, out _));

        Assert.Equal(4, log.Warnings.Count);
    }

    [Fact]
    public void The_64s_of_one_ipv6_48_hold_sixteen_addresses_shares_together_and_ipv4_is_bounded_per_address_only()
    {
        var log = new WarningLog();
        var forms = new FormBytesInFlight(total: 10_000, perAddress: 60, FormBytesInFlight.DefaultReadTime, log);
        var keys = new List<IPAddress>();
        for (int i = 0; i < ClientAddress.SiteShares; i++) // one customer's /56: a full share from 16 of its /64s
        {
            Assert.Null(forms.TryReserve(IPAddress.Parse($"2001:db8:1:{i:x}::1"), 60, out IPAddress key, out _));
            keys.Add(key);
        }

        Assert.True(forms.TryReserve(IPAddress.Parse("2001:db8:1:ff::1"), 1, out _, out string? refusal)); // 429, as an address's
        Assert.Equal("2001:db8:1::/48 has 960 bytes of plot requests under way from its /64s, and this one's 1 more would pass 960, "
            + "the most one /48 may together (16 addresses' shares); send it when they are answered", refusal);
        Assert.True(forms.TryReserve(IPAddress.Parse("2001:db8:1:fe::1"), 1, out _, out _));
        Assert.Null(forms.TryReserve(IPAddress.Parse("2001:db8:2::1"), 60, out _, out _)); // another /48
        for (int i = 0; i < 2 * ClientAddress.SiteShares; i++) // IPv4, IPv4-mapped too: each address its own share
        {
            Assert.Null(forms.TryReserve(IPAddress.Parse($"::ffff:192.0.2.{i}"), 60, out _, out _));
        }

        Assert.Equal(["2001:db8:1::/48 has 960 bytes of plot requests under way from its /64s, 960 at most (16 addresses' shares): its larger ones are refused until some are answered"],
            log.Warnings);

        forms.Release(keys[5], 60);

        Assert.Null(forms.TryReserve(IPAddress.Parse("2001:db8:1:ff::1"), 60, out _, out _));
        Assert.Equal((16 + 1 + 32) * 60, forms.Reserved);
    }

    // The defaults' 16 shares (128 MiB) were more than the whole budget (64 MiB): one /48 could keep everyone else's forms out.
    [Fact]
    public void One_48_holds_at_most_half_the_servers_budget_and_the_rest_is_left_to_everyone_else()
    {
        var log = new WarningLog();
        var forms = new FormBytesInFlight(total: 1000, perAddress: 100, FormBytesInFlight.DefaultReadTime, log); // 16 shares: 1,600
        Assert.Equal(500, forms.PerSite);
        for (int i = 0; i < 5; i++)
        {
            Assert.Null(forms.TryReserve(IPAddress.Parse($"2001:db8:1:{i:x}::1"), 100, out _, out _));
        }

        Assert.True(forms.TryReserve(IPAddress.Parse("2001:db8:1:ff::1"), 1, out _, out string? refusal)); // 429, as an address's
        Assert.Equal("2001:db8:1::/48 has 500 bytes of plot requests under way from its /64s, and this one's 1 more would pass 500, "
            + "the most one /48 may together (half the server's budget); send it when they are answered", refusal);
        for (int i = 0; i < 5; i++) // the other half: IPv4 clients and other /48s
        {
            Assert.Null(forms.TryReserve(i % 2 == 0 ? IPAddress.Parse($"192.0.2.{i}") : IPAddress.Parse($"2001:db8:{i + 1:x}::1"), 100, out _, out _));
        }

        Assert.Equal(1000, forms.Reserved);
        Assert.Equal(["2001:db8:1::/48 has 500 bytes of plot requests under way from its /64s, 500 at most (half the server's budget): its larger ones are refused until some are answered"],
            log.Warnings);
        Assert.Equal(FormBytesInFlight.DefaultTotal / 2, new FormBytesInFlight(FormBytesInFlight.DefaultTotal, FormBytesInFlight.DefaultPerAddress,
            FormBytesInFlight.DefaultReadTime, log).PerSite); // the server's defaults
    }

    private static async Task<RawResponse> PostFormAsync(TestServer server, string from)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(server.Port, from);
        await connection.SendAsync($"POST /clientresp HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {Form.Length}\r\nConnection: close\r\n\r\n{Form}");
        return await connection.ReadToEndAsync();
    }

    // The server reserves a form's bytes when its request reaches the endpoint, a moment after the client sent its head.
    private static Task WaitForReservedAsync(TestServer server, long bytes) =>
        Eventually.TrueAsync(() => Task.FromResult(server.Host.Forms.Reserved == bytes), $"{bytes} form bytes reserved");
}
