using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A TCP port free on 127.0.0.1 now, for an engine the tests or the benchmark start (PostgreSQL, Redis, HAProxy, Mosquitto, a node, a node's second
/// port) that needs its port on the command line. It is picked below the kernel's ephemeral range: the tests' own outgoing
/// connections (to PostgreSQL, Redis, the nodes) take their local ports from that range, and a port the kernel had just
/// offered from it was taken by one of them before the engine bound it (a CI run failed so: "address already in use").</summary>
public static class LoopbackPort
{
    // Ports below this are neither privileged nor registered to common services on a test machine.
    private const int Lowest = 20000;

    private static readonly int s_ephemeralStart = EphemeralRangeStart();

    public static int Free() => FreeBlock(1);

    /// <summary>The first of <paramref name="count"/> ports in a row all free on 127.0.0.1 now (deploy/local-cluster.sh
    /// takes a block above its CLUSTER_PORT), below the ephemeral range as <see cref="Free"/>'s.</summary>
    public static int FreeBlock(int count)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int first = Random.Shared.Next(Lowest, s_ephemeralStart - count + 1);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} free ports in a row on 127.0.0.1 between {Lowest} and {s_ephemeralStart} after 200 tries");
    }

    /// <summary>Whether <paramref name="port"/> can be bound on 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux says where its ephemeral range starts; elsewhere (or unreadable) the IANA range's start, 49152, is below it.
    private static int EphemeralRangeStart()
    {
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) is int start && start > Lowest + 1000 ? start : 49152;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49152;
        }
    }
}
