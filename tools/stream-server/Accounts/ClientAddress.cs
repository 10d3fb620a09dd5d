using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>What counts as one client for the per-address limits (guesses, connections): an IPv4 address as it is (an
/// IPv4-mapped IPv6 one as its IPv4 address), an IPv6 address by its /64, since one host is given a whole /64 and picks
/// any address in it. A connection without an address (a test's in-memory one) is <see cref="IPAddress.None"/>.</summary>
public static class ClientAddress
{
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

        byte[] prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return new IPAddress(prefix);
    }
}
