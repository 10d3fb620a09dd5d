using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>
/// A server bound to every address (--urls http://*:8080, 0.0.0.0 or [::]) is bound as http://0.0.0.0:8080/, an address no
/// client can use: copied into device.json's server.url it is refused. What the start prints instead: localhost for this
/// machine, and the machine's own addresses for a board on the network, read from its interfaces (none guessed).
/// </summary>
public static class EveryAddress
{
    /// <summary>Where to find the machine's address when its interfaces cannot be read or offer none.</summary>
    private const string FindItYourself = "`hostname -I` on Linux, `ipconfig` on Windows";

    /// <summary>Whether <paramref name="bound"/> is on every address (0.0.0.0 or [::]; Kestrel binds [::] dual-mode, so IPv4 too).</summary>
    public static bool Is(Uri bound) =>
        IPAddress.TryParse(bound.Host.Trim('[', ']'), out IPAddress? address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary><paramref name="bound"/> as this machine reaches it: at localhost.</summary>
    public static Uri OnThisMachine(Uri bound) => new UriBuilder(bound) { Host = "localhost" }.Uri;

    /// <summary>
    /// <paramref name="bound"/> at each IPv4 address of this machine's interfaces that are up, with the interface's name (a
    /// machine may have several: Wi-Fi, Ethernet, a container bridge, a VPN; the name tells which the board's network
    /// reaches), those of interfaces with a default gateway (the network the machine itself goes out by) first. Loopback
    /// and link-local (169.254/16, what an interface gives itself when no network answered) are left out: no board uses them.
    /// </summary>
    /// <exception cref="NetworkInformationException">The interfaces cannot be read (some containers refuse it).</exception>
    public static IReadOnlyList<(string Interface, Uri Url, bool Gateway)> OnTheNetwork(Uri bound) =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus == OperationalStatus.Up && network.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(network => (network.Name, Properties: network.GetIPProperties()))
            .Select(network => (network.Name, network.Properties, Gateway: network.Properties.GatewayAddresses.Any(gateway => !gateway.Address.Equals(IPAddress.Any) && !gateway.Address.Equals(IPAddress.IPv6Any))))
            .OrderByDescending(network => network.Gateway)
            .SelectMany(network => network.Properties.UnicastAddresses
                .Where(unicast => unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address) && !IsLinkLocal(unicast.Address))
                .Select(unicast => (network.Name, new UriBuilder(bound) { Host = unicast.Address.ToString() }.Uri, network.Gateway)))];

    /// <summary>
    /// The start's line on where to reach a server bound to every address at <paramref name="bound"/>: which address is this
    /// machine and which a board on the network uses as device.json's server.url. Never throws: interfaces that cannot be
    /// read get the advice to look the address up, as no address does.
    /// </summary>
    public static string Reachable(Uri bound)
    {
        IReadOnlyList<(string Interface, Uri Url, bool Gateway)> network;
        string? unread = null;
        try
        {
            network = OnTheNetwork(bound);
        }
        catch (Exception exception) when (exception is NetworkInformationException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            network = [];
            unread = exception.Message.TrimEnd('.');
        }

        static string Listed(IEnumerable<(string Interface, Uri Url, bool Gateway)> addresses, string note = "") =>
            string.Join(" or ", addresses.Select(address => $"{address.Url} ({address.Interface}{note})"));
        List<(string Interface, Uri Url, bool Gateway)> outward = [.. network.Where(address => address.Gateway)];
        List<(string Interface, Uri Url, bool Gateway)> other = [.. network.Where(address => !address.Gateway)];
        string boards = unread is not null
            ? $"this machine's network addresses could not be read ({unread}): a board on the network uses this machine's address as device.json's "
                + $"server.url ({FindItYourself} shows it)"
            : network.Count == 0
            ? "this machine has no network address (IPv4) now, so no board can reach it: connect it to the board's network "
                + $"({FindItYourself} then shows its address)"
            : outward.Count == 0 || other.Count == 0
            ? $"a board on the network uses this machine's address as device.json's server.url: {Listed(network)}"
            : $"a board on the network uses this machine's address as device.json's server.url: {Listed(outward, ", default route")}; "
                + $"on other interfaces (a container's bridge, a VPN), if the board is on their network: {Listed(other)}";
        return $"Listening on every address: {OnThisMachine(bound)} is this machine; {boards}.";
    }

    // 169.254.0.0/16 (RFC 3927).
    private static bool IsLinkLocal(IPAddress address) => address.GetAddressBytes() is [169, 254, _, _];
}
