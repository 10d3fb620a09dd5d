using System.Net;
using HeartRateStreamer.StreamServer.Accounts;

namespace HeartRateStreamer.StreamServer.Tests.Accounts;

/// <summary>What counts as one client (<see cref="ClientAddress.Of"/>) and as one IPv6 site (<see cref="ClientAddress.SiteOf"/>):
/// a home customer given a /56 holds 256 /64s, so the per-/64 limits alone let one customer take 256 clients' shares.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::")]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    public void A_client_is_an_ipv4_address_or_an_ipv6_64(string address, string client)
    {
        Assert.Equal(IPAddress.Parse(client), ClientAddress.Of(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1::")]
    [InlineData("2001:db8:1:ffff::", "2001:db8:1::")] // the last /64 of the /48
    [InlineData("2001:db8:abcd:12::1", "2001:db8:abcd::")]
    public void An_ipv6_address_and_its_64_lie_in_the_same_48(string address, string site)
    {
        Assert.Equal(IPAddress.Parse(site), ClientAddress.SiteOf(IPAddress.Parse(address)));
        Assert.Equal(IPAddress.Parse(site), ClientAddress.SiteOf(ClientAddress.Of(IPAddress.Parse(address))));
        Assert.Equal(site + "/48", ClientAddress.SiteName(ClientAddress.SiteOf(IPAddress.Parse(address))!));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("::ffff:192.0.2.1")] // IPv4-mapped: IPv4, not a /48 of ::ffff:0:0/96
    [InlineData("255.255.255.255")] // IPAddress.None, a connection without an address
    public void Ipv4_and_ipv4_mapped_addresses_have_no_site(string address)
    {
        Assert.Null(ClientAddress.SiteOf(IPAddress.Parse(address)));
        Assert.Null(ClientAddress.SiteOf(ClientAddress.Of(IPAddress.Parse(address))));
    }

    [Fact]
    public void No_address_has_no_site()
    {
        Assert.Null(ClientAddress.SiteOf(null));
        Assert.Null(ClientAddress.SiteOf(ClientAddress.Of(null)));
    }
}
