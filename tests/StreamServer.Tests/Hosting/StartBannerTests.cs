using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>The start banner sends viewers where they can look: the share link. /~USER/N answers only its owner
/// (404 without credentials), so a banner that named it for viewers sent them to a page they could not open.</summary>
public sealed class StartBannerTests
{
    [Fact]
    public async Task TheBannerNamesTheShareLinkForViewersAndTheNumberedPathForOwners()
    {
        string data = TestServer.NewDataDirectory();
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data]);
        try
        {
            string banner = Assert.Single(server.Output.Split('\n'), line => line.StartsWith("Stream server on ", StringComparison.Ordinal));

            Assert.Contains("viewers: /p/ID", banner);
            Assert.Contains("owners: /~USER/N", banner);
            Assert.DoesNotContain("viewers: /~USER/N", banner);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    // A walk-through started the server as the root README says (--urls "http://*:8080"), copied the http://0.0.0.0:8080/ it
    // printed into device.json's server.url, and the flash tool refused it. On every address the start prints localhost for
    // this machine and the machine's own network addresses for a board, each named; 192.0.2.7 (TEST-NET-1) is put on an
    // interface of the server's own network namespace, so it is an address the machine has.
    [Theory]
    [InlineData("http://*:8080")]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    public async Task OnEveryAddressTheBannerNamesThisMachineAndTheAddressesABoardCanUse(string urls)
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--urls", urls, "--https-port", "8443"], ownNetwork: true, networkAddress: "192.0.2.7");
            server.Terminate();
            await server.Process.WaitForExitAsync(); // and the end of its output
            string[] lines = server.Output.Split('\n');

            Assert.Contains(lines, line => line.StartsWith("Stream server on http://localhost:8080/ (streams: ", StringComparison.Ordinal));
            Assert.Contains($"Listening on every address: http://localhost:8080/ is this machine; a board on the network uses this machine's address as "
                + $"device.json's server.url: http://192.0.2.7:8080/ ({ServerProcess.NetworkInterfaceName}).", lines);
            Assert.Contains(lines, line => line.StartsWith("HTTPS (for /clientresp) on https://localhost:8443/ (every address, port 8443), self-signed certificate: ", StringComparison.Ordinal));
            // The demo key first: it is stored by now, and a start that failed while reading the interfaces lost it.
            int demo = Array.FindIndex(lines, line => line.StartsWith($"User '{StreamServerHost.DemoUser}' created, API key (shown only now, keep it): ", StringComparison.Ordinal));
            Assert.InRange(demo, 0, Array.FindIndex(lines, line => line.StartsWith("Stream server on ", StringComparison.Ordinal)));
            Assert.DoesNotContain("0.0.0.0", server.Output);
            Assert.DoesNotContain("[::]", server.Output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // A review found every interface that is up offered alike: a container bridge, a VPN, a link-local 169.254 address. The
    // interface with the default route comes first, the others after it, named as such; link-local is no board's address.
    [Fact]
    public async Task TheInterfaceWithTheDefaultRouteComesFirstAndLinkLocalIsNotOffered()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            const string Setup = "ip addr add 169.254.3.4/16 dev " + ServerProcess.NetworkInterfaceName + " && ip route add default via 192.0.2.1 "
                + "&& ip link add hrs-other type veth peer name hrs-other-peer && ip addr add 198.51.100.9/24 dev hrs-other "
                + "&& ip link set hrs-other-peer up && ip link set hrs-other up";
            await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--urls", "http://*:8080", "--https-port", "none"], ownNetwork: true,
                networkAddress: "192.0.2.7", networkSetup: Setup);
            server.Terminate();
            await server.Process.WaitForExitAsync(); // and the end of its output

            Assert.Contains($"Listening on every address: http://localhost:8080/ is this machine; a board on the network uses this machine's address as "
                + $"device.json's server.url: http://192.0.2.7:8080/ ({ServerProcess.NetworkInterfaceName}, default route); on other interfaces (a container's "
                + "bridge, a VPN), if the board is on their network: http://198.51.100.9:8080/ (hrs-other).", server.Output.Split('\n'));
            Assert.DoesNotContain("169.254", server.Output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
