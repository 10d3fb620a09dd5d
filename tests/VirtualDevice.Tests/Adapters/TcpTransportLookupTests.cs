using System.Net;
using System.Net.Sockets;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Adapters;

/// <summary>
/// The virtual device's transport, as the board's: the server's name is looked up before the connect's time starts,
/// so a slow lookup (a board's DNS can take 20-30 s against a 20 s connect) does not use it up, and a lookup that fails
/// says so instead of blaming the connect. A Close ends the wait for a lookup as it ends a connect (Ctrl+C during a slow
/// lookup), and a connect abandoned before it began looks nothing up.
/// </summary>
public sealed class TcpTransportLookupTests
{
    private const int ConnectMilliseconds = 1000;

    [Fact]
    public void ALookupSlowerThanTheConnectsTimeLeavesTheConnectAllOfIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var transport = new TcpTransport(ConnectMilliseconds, lookUp: (host, _) =>
        {
            Thread.Sleep(2 * ConnectMilliseconds);
            return Dns.GetHostAddresses(host);
        });

        transport.Connect("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: false);

        using Socket server = listener.AcceptSocket();
        Assert.True(server.Connected);
    }

    [Fact]
    public void ALookupThatFailsSaysSoRatherThanBlamingTheConnect()
    {
        using var transport = new TcpTransport();

        // .invalid never resolves (RFC 6761).
        var error = Assert.Throws<IOException>(() => transport.Connect("no-such-host.invalid", 80, useTls: false));

        Assert.StartsWith("looking up no-such-host.invalid failed: ", error.Message);
    }

    [Fact]
    public async Task ACloseDuringTheLookupEndsTheConnectAtOnce()
    {
        using var lookingUp = new ManualResetEventSlim();
        using var transport = new TcpTransport(ConnectMilliseconds, lookUp: (_, abort) =>
        {
            lookingUp.Set();
            abort.WaitHandle.WaitOne(TimeSpan.FromMinutes(1)); // a resolver that answers nothing until it is cancelled
            abort.ThrowIfCancellationRequested();
            throw new SocketException((int)SocketError.TryAgain);
        });
        Task connect = Task.Run(() => transport.Connect("slow.example", 80, useTls: false));
        Assert.True(lookingUp.Wait(TimeSpan.FromSeconds(30)), "the lookup never began");

        transport.Close();

        // Generous: ended by the Close, the connect returns in milliseconds; not ended, it waits out the minute.
        Assert.True(await Task.WhenAny(connect, Task.Delay(TimeSpan.FromSeconds(20))) == connect, "the connect went on waiting for the lookup after the Close");
        var error = await Assert.ThrowsAsync<IOException>(() => connect);
        Assert.Equal("connecting to slow.example:80 failed: the connection was closed while it was being made", error.Message);
    }

    [Fact]
    public void AConnectAbandonedBeforeItBeganLooksNothingUp()
    {
        int lookups = 0;
        using var transport = new TcpTransport(ConnectMilliseconds, lookUp: (host, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Dns.GetHostAddresses(host);
        });

        var error = Assert.Throws<IOException>(() => transport.Connect("localhost", 80, useTls: false, new CancellationToken(canceled: true)));

        Assert.Equal("connecting to localhost:80 failed: the connection was closed while it was being made", error.Message);
        Assert.Equal(0, lookups);
    }
}
