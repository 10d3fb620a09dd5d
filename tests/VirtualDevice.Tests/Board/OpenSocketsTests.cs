using HeartRateStreamer.Ports;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Tests.Board;

/// <summary>
/// What the board's socket lists know for the exit code 4 ("no stream reached the server"): a connect tried counts from
/// its start, so a run that ends while one still waits (an address that drops packets takes 20 s to fail) is not taken
/// for a run that never tried; a server that took the TCP connection is there, a connect that failed is no reach.
/// </summary>
public sealed class OpenSocketsTests
{
    [Fact]
    public void AConnectStillWaitingIsTriedAndReachesNothing()
    {
        var list = new OpenSockets();
        using var connect = new HeldConnect();
        ITransport socket = list.Track(connect.Create);
        Task connecting = Task.Run(() => socket.Connect("192.0.2.1", 80, useTls: false));
        Assert.True(connect.Started.Wait(TimeSpan.FromSeconds(30)));

        Assert.True(list.Tried);
        Assert.True(list.ConnectUnderWay);
        Assert.False(list.Reached);

        list.CloseAll();
        Assert.ThrowsAny<IOException>(() => connecting.GetAwaiter().GetResult());
        Assert.False(list.Reached);
    }

    [Fact]
    public void AServerThatTookTheConnectionIsReachedWhileItsTlsHandshakeWaits()
    {
        var list = new OpenSockets();
        using var connect = new HeldConnect();
        ITransport socket = list.Track(connect.Create);
        Task connecting = Task.Run(() => socket.Connect("192.0.2.1", 443, useTls: true));
        Assert.True(connect.Started.Wait(TimeSpan.FromSeconds(30)));

        connect.Accept();

        Assert.True(list.Reached);
        Assert.False(list.ConnectUnderWay);
        list.CloseAll();
        Assert.ThrowsAny<IOException>(() => connecting.GetAwaiter().GetResult());
    }

    [Fact]
    public void AFailedConnectIsTriedButNoReachAndAMadeOneIs()
    {
        var list = new OpenSockets();
        ITransport refused = list.Track(_ => new RefusingTransport());
        Assert.Throws<IOException>(() => refused.Connect("127.0.0.1", 9, useTls: false));
        Assert.True(list.Tried);
        Assert.False(list.Reached);
        Assert.False(list.ConnectUnderWay);

        ITransport made = list.Track(accepted => new RefusingTransport(accepted));
        made.Connect("127.0.0.1", 9, useTls: false);
        Assert.True(list.Reached);
    }

    [Fact]
    public void NothingTriedIsNothingTried()
    {
        var list = new OpenSockets();
        list.Track(_ => new RefusingTransport());
        Assert.False(list.Tried);
        Assert.False(list.Reached);
    }

    // Connects only when told; Close ends a connect under way, as TcpTransport's does.
    private sealed class HeldConnect : IDisposable
    {
        private readonly ManualResetEventSlim _closed = new();
        private Action? _accepted;

        public ManualResetEventSlim Started { get; } = new();

        public ITransport Create(Action accepted)
        {
            _accepted = accepted;
            return new Transport(this);
        }

        public void Accept() => _accepted!();

        public void Dispose()
        {
            _closed.Set();
            Started.Dispose();
        }

        private sealed class Transport(HeldConnect owner) : ITransport
        {
            public void Connect(string host, int port, bool useTls)
            {
                owner.Started.Set();
                owner._closed.Wait();
                throw new IOException("connecting to " + host + ":" + port + " failed: the connection was closed while it was being made");
            }

            public void Send(byte[] buffer, int offset, int count) => throw new IOException("not connected");

            public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => throw new IOException("not connected");

            public void Close() => owner._closed.Set();
        }
    }

    // Refused at once, or, given the accepted call, connected at once.
    private sealed class RefusingTransport(Action? accepted = null) : ITransport
    {
        public void Connect(string host, int port, bool useTls)
        {
            if (accepted == null)
            {
                throw new IOException("connecting to " + host + ":" + port + " failed: connection refused");
            }

            accepted();
        }

        public void Send(byte[] buffer, int offset, int count)
        {
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => 0;

        public void Close()
        {
        }
    }
}
