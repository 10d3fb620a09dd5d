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
    /// <summary>Whether <paramref name="bound"/> is on every address (0.0.0.0 or [::]; Kestrel binds [::] dual-mode, so IPv4 too).</summary>
    public static bool Is(Uri bound) =>
        IPAddress.TryParse(bound.Host.Trim('[', ']'), out IPAddress? address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary><paramref name="bound"/> as this machine reaches it: at localhost.</summary>
    public static Uri OnThisMachine(Uri bound) => new UriBuilder(bound) { Host = "localhost" }.Uri;

    /// <summary>
    /// <paramref name="bound"/> at each IPv4 address of this machine's interfaces that are up, loopback aside, with the
    /// interface's name (a machine may have several: Wi-Fi, Ethernet, a container bridge; the name tells which the board's
    /// network reaches). IPv4: what a board on a home or office Wi-Fi network reaches.
    /// </summary>
    public static IReadOnlyList<(string Interface, Uri Url)> OnTheNetwork(Uri bound) =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus == OperationalStatus.Up && network.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses
                .Where(unicast => unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                .Select(unicast => (network.Name, new UriBuilder(bound) { Host = unicast.Address.ToString() }.Uri)))];

    /// <summary>
    /// The start's line on where to reach a server bound to every address at <paramref name="bound"/>: which address is this
    /// machine and which a board on the network uses as device.json's server.url.
    /// </summary>
    public static string Reachable(Uri bound)
    {
        IReadOnlyList<(string Interface, Uri Url)> network = OnTheNetwork(bound);
        string boards = network.Count == 0
            ? "this machine has no network address (IPv4) now, so no board can reach it: connect it to the board's network "
                + "(`hostname -I` on Linux, `ipconfig` on Windows then shows its address)"
            : "a board on the network uses this machine's address as device.json's server.url: "
                + string.Join(" or ", network.Select(address => $"{address.Url} ({address.Interface})"));
        return $"Listening on every address: {OnThisMachine(bound)} is this machine; {boards}.";
    }
}
