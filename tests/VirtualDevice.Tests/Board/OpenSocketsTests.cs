using System.Net;
using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.Ports;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.Run;

namespace HeartRateStreamer.VirtualDevice.Tests.Board;

/// <summary>
/// The board's socket list at the run's stop, on real loopback sockets: a connect still waiting is ended at once (an
/// address that drops packets would hold the stop for its 20 s), even when the stop lands before the socket has begun
/// its connect; no connect starts after the stop; and a connection already made stays open, so its stream can send its
/// last chunk and read the server's answer.
/// </summary>
public sealed class OpenSocketsTests
{
    [Fact]
    public async Task AStopThatLandsBeforeTheSocketHasBegunItsConnectStillEndsIt()
    {
        using var blackHole = new BlackHoleServer();
        Assert.True(blackHole.DropsConnects(), "the test's black hole should drop connects");
        var list = new OpenSockets();
        using var held = new HeldBackConnect();
        ITransport socket = list.Track(accepted => held.Around(new TcpTransport(accepted: accepted)));
        Task connecting = Task.Run(() => socket.Connect("127.0.0.1", blackHole.Port, useTls: false));
        Assert.True(held.Reached.Wait(TimeSpan.FromSeconds(30)), "the connect should have got onto the list");

        list.CloseConnectsUnderWay();
        held.Release();

        // Missed, the close let the connect wait out its 20 s on the black hole ("no answer within 20000 ms").
        IOException error = await Assert.ThrowsAsync<IOException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("the connection was closed while it was being made", error.Message);
    }

    [Fact]
    public async Task TheStopEndsAConnectStillWaitingAndLeavesAConnectionMadeOpen()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var blackHole = new BlackHoleServer();
        Assert.True(blackHole.DropsConnects(), "the test's black hole should drop connects");
        var list = new OpenSockets();
        ITransport made = list.Track(accepted => new TcpTransport(accepted: accepted));
        made.Connect("127.0.0.1", Port(server), useTls: false);
        using Socket serverSide = server.AcceptSocket();
        ITransport waiting = list.Track(accepted => new TcpTransport(accepted: accepted));
        Task connecting = Task.Run(() => waiting.Connect("127.0.0.1", blackHole.Port, useTls: false));
        Assert.True(SpinWait.SpinUntil(() => list.ConnectUnderWay, TimeSpan.FromSeconds(30)), "the second connect should be waiting");

        list.CloseConnectsUnderWay();

        IOException error = await Assert.ThrowsAsync<IOException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("the connection was closed while it was being made", error.Message);

        // The connection made still carries a stream's last chunk to the server, and the server's answer back.
        byte[] lastChunk = Encoding.ASCII.GetBytes("0\r\n\r\n");
        made.Send(lastChunk, 0, lastChunk.Length);
        serverSide.ReceiveTimeout = 30_000;
        var received = new byte[lastChunk.Length];
        int got = 0;
        while (got < received.Length)
        {
            int read = serverSide.Receive(received, got, received.Length - got, SocketFlags.None);
            Assert.True(read > 0, "the server's side was closed before the last chunk came");
            got += read;
        }

        Assert.Equal(lastChunk, received);
        serverSide.Send(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        var answer = new byte[64];
        int answered = made.Receive(answer, 0, answer.Length, 30_000);
        Assert.True(answered > 0, $"no answer came back over the connection made (Receive gave {answered})");
        Assert.StartsWith("HTTP/1.1 200 OK", Encoding.ASCII.GetString(answer, 0, answered));
        made.Close();
    }

    [Fact]
    public void NoConnectStartsAfterTheStop()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var list = new OpenSockets();
        ITransport socket = list.Track(accepted => new TcpTransport(accepted: accepted));

        list.CloseConnectsUnderWay();

        IOException error = Assert.Throws<IOException>(() => socket.Connect("127.0.0.1", Port(server), useTls: false));
        Assert.Contains("the virtual board is off", error.Message);
        Assert.False(server.Pending(), "the refused connect reached the server");
        Assert.False(list.Tried);
    }

    private static int Port(TcpListener server) => ((IPEndPoint)server.LocalEndpoint).Port;

    // Holds a real socket's connect back after the list has taken it and before the socket begins it: the moment a stop
    // that closed the socket used to be missed.
    private sealed class HeldBackConnect : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public ManualResetEventSlim Reached { get; } = new();

        public IAbortableTransport Around(TcpTransport inner) => new Transport(inner, this);

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            Reached.Dispose();
        }

        private sealed class Transport(TcpTransport inner, HeldBackConnect held) : IAbortableTransport
        {
            public void Connect(string host, int port, bool useTls, CancellationToken abandoned)
            {
                held.Reached.Set();
                held._release.Wait();
                inner.Connect(host, port, useTls, abandoned);
            }

            public void Send(byte[] buffer, int offset, int count) => inner.Send(buffer, offset, count);

            public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

            public void Close() => inner.Close();
        }
    }
}
