using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>What counts as one client for the per-address limits (guesses, connections): an IPv4 address as it is (an
/// IPv4-mapped IPv6 one as its IPv4 address), an IPv6 address by its /64, since one host is given a whole /64 and picks
/// any address in it. A connection without an address (a test's in-memory one) is <see cref="IPAddress.None"/>.
/// The guess, connection, event stream and form limits bound an IPv6 client's /48 too (<see cref="SiteOf"/>): one home customer
/// is given a /56 or a /48, so 256 or 65,536 /64s, each with its own per-address share.</summary>
public static class ClientAddress
{
    /// <summary>How many per-address shares the /64s of one /48 hold together: a /48 is a site; 16 households' worth.</summary>
    public const int SiteShares = 16;

    public static IPAddress Of(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        return Prefix(address, 8); // the /64
    }

    /// <summary>The /48 of an IPv6 address (or of its /64 from <see cref="Of"/>), whose /64s together hold at most
    /// <see cref="SiteShares"/> per-address shares; null for IPv4 (an IPv4-mapped address too) and for no address, which
    /// are bounded per address only.</summary>
    public static IPAddress? SiteOf(IPAddress? address) =>
        address is null || address.IsIPv4MappedToIPv6 || address.AddressFamily != AddressFamily.InterNetworkV6 ? null : Prefix(address, 6);

    /// <summary>"2001:db8:1::/48": a site as the refusals name it.</summary>
    public static string SiteName(IPAddress site) => site + "/48";

    private static IPAddress Prefix(IPAddress address, int bytes)
    {
        byte[] prefix = address.GetAddressBytes();
        Array.Clear(prefix, bytes, 16 - bytes);
        return new IPAddress(prefix);
    }
}
