using System.Net;
using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;
using HeartRateStreamer.VirtualDevice.Tests.Run;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's plot creator (the device's TransportPlotCreator) on the virtual board: POST /clientresp over the same
/// transports as the streams, so a real stream server makes the plot, a network fault fails it as on a board, and an
/// answer cut short says so.
/// </summary>
public sealed class PlotCreationTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    // Generous: a closed socket shows at once, a leaked one never.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public void TheStreamServerMakesThePlotAndNamesItsLink()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);

        PlotCreationAnswer answer = run.Run.Board.PlotCreator.Create(ServerAddress.Parse(ServerUrl), run.PlotRequest());

        Assert.True(answer.Succeeded, answer.Failure);
        Assert.True(answer.StreamsReady);
        Assert.StartsWith(ServerUrl + "/p/", answer.Url); // the share link
    }

    [Fact]
    public void PlotCreationFailsWhileTheSimulatedNetworkIsDownAsTheStreamsDo()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.IsDown = true;

        IOException failure = Assert.Throws<IOException>(() => run.Run.Board.PlotCreator.Create(ServerAddress.Parse(ServerUrl), run.PlotRequest()));

        Assert.Equal($"creating the plot at {ServerUrl}/clientresp failed: connecting to 127.0.0.1:{new Uri(ServerUrl).Port} failed: "
            + "the network is down (scripted fault)", failure.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"error\":\"\"", "the server closed the connection before a whole answer: 200 OK: {\"error\":\"\"")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n", "the server did not answer in HTTP: an answer that is not an HTTP status line: \"SSH-2.0-OpenSSH_9.2\"")]
    public async Task AnAnswerThatIsNotAWholeHttpAnswerSaysWhatCame(string sent, string reason)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serving = Task.Run(async () =>
        {
            using TcpClient client = await listener.AcceptTcpClientAsync();
            NetworkStream stream = client.GetStream();
            var request = new byte[4096];
            int length = await stream.ReadAtLeastAsync(request, 16, throwOnEndOfStream: false); // the request has come
            Assert.StartsWith("POST /clientresp ", Encoding.ASCII.GetString(request, 0, length));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(sent));
        });
        using var run = new SimulatedBoardRun($"http://127.0.0.1:{port}", server.Key);

        IOException failure = Assert.Throws<IOException>(() => run.Run.Board.PlotCreator.Create(ServerAddress.Parse($"http://127.0.0.1:{port}"), run.PlotRequest()));

        Assert.Equal($"creating the plot at http://127.0.0.1:{port}/clientresp failed: {reason}", failure.Message);
        await serving;
    }

    // A server behind a proxy that answers 503 while the server restarts: the device's log blamed the account ("Check
    // server.user and server.apiKey") for what the server did, on a board that had streamed with those keys for weeks.
    // Unlike a refusal, it is asked again.
    [Fact]
    public async Task AServerThatFailsIsNotBlamedOnTheAccount()
    {
        // Every connection, the plot creation's and the streams', gets the proxy's 503.
        await using var failing = new ServiceUnavailableServer();
        string url = failing.Url;
        using var run = new SimulatedBoardRun(url, server.Key);

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(5_000);
        });
        Assert.Contains("Plot: the server answered HTTP 503. That is the server's own trouble, not the account's: nothing to change on the device. "
            + "The streams go on with their tokens.", run.Log);
        Assert.DoesNotContain("server.apiKey", run.Log);

        // The server's fault may pass: a stream's connection has the plot asked for again, once (the next waits a minute).
        Assert.Contains("Plot: the last try to make it failed on the server's side and stream ", run.Log);
        Assert.Equal(1, run.Run.Device.Plot!.Remakes);
    }

    // A server that is not running: the plot's line read "... is the server running on that port?. The streams go on with
    // their tokens. The streams keep reconnecting with back-off. Check ...", a question mark with a stop after it, and the
    // streams' going on said twice; each stream's line read "port?; reconnecting". The refusal's meaning is one clause.
    [Fact]
    public async Task AServerThatRefusesTheConnectionIsSaidInOneSentenceEachTime()
    {
        int port = UnreachableServerTests.ClosedPort();
        using var run = new SimulatedBoardRun($"http://127.0.0.1:{port}", server.Key);

        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(3_000);
        });

        Assert.Contains($"Plot: creating the plot at http://127.0.0.1:{port}/clientresp failed: connecting to 127.0.0.1:{port} failed: "
            + "connection refused (no server listening on that port, or a firewall refusing it). The streams go on with their tokens. "
            + "Check server.url, that the stream server is running, and that no firewall blocks its port from the Wi-Fi network.\n", run.Log + "\n");
        Assert.Contains($"Stream pulse: could not connect to http://127.0.0.1:{port}: connecting to 127.0.0.1:{port} failed: "
            + "connection refused (no server listening on that port, or a firewall refusing it); reconnecting in ", run.Log);
    }

    // A creation still waiting for its answer when the run ends (start-up stopped waiting for it, or a remake): the
    // board's Dispose closes its socket as it closes the streams'. Simulated time stands still here, so the creator's own
    // answer deadline never passes: a socket the board did not close stayed open for good.
    [Fact]
    public async Task DisposingTheBoardClosesTheSocketOfAPlotCreationStillWaitingForItsAnswer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        using var run = new SimulatedBoardRun(url, server.Key);
        Task<Exception> creating = Task.Run(() => Record.Exception(() => run.Run.Board.PlotCreator.Create(ServerAddress.Parse(url), run.PlotRequest())));
        using TcpClient accepted = await listener.AcceptTcpClientAsync().WaitAsync(s_patience);
        NetworkStream stream = accepted.GetStream();
        await stream.ReadAtLeastAsync(new byte[16], 16, throwOnEndOfStream: false).AsTask().WaitAsync(s_patience); // it has sent: it waits

        run.Run.Board.Dispose();

        await ReadUntilClosedAsync(stream).WaitAsync(s_patience);
        Exception failure = await creating.WaitAsync(s_patience);
        Assert.IsType<IOException>(failure); // the job ends too, with the port's exception
    }

    [Fact]
    public void ATransportOfADisposedBoardConnectsNoMore()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var run = new SimulatedBoardRun($"http://127.0.0.1:{port}", server.Key);
        ITransport transport = run.Run.Board.CreateTransport();

        run.Run.Board.Dispose();

        IOException failure = Assert.Throws<IOException>(() => transport.Connect("127.0.0.1", port, false));
        Assert.Contains("the virtual board is off", failure.Message);
        Assert.False(listener.Pending(), "no connection reached the server");
    }

    private static async Task ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }
}
