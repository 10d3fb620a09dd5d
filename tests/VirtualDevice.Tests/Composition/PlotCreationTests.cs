using System.Net;
using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.Device;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The board's plot creator (the device's TransportPlotCreator) on the virtual board: POST /clientresp over the same
/// transports as the streams, so a real stream server makes the plot, a network fault fails it as on a board, and an
/// answer cut short says so.
/// </summary>
public sealed class PlotCreationTests(EmbeddedServer server) : IClassFixture<EmbeddedServer>
{
    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    [Fact]
    public void TheStreamServerMakesThePlotAndNamesItsLink()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);

        PlotCreationAnswer answer = run.Run.Board.PlotCreator.Create(ServerAddress.Parse(ServerUrl), Request(run));

        Assert.True(answer.Succeeded, answer.Failure);
        Assert.True(answer.StreamsReady);
        Assert.StartsWith(ServerUrl + "/p/", answer.Url); // the share link
    }

    [Fact]
    public void PlotCreationFailsWhileTheSimulatedNetworkIsDownAsTheStreamsDo()
    {
        using var run = new SimulatedBoardRun(ServerUrl, server.Key);
        run.Run.Board.SimulatedNetwork.IsDown = true;

        IOException failure = Assert.Throws<IOException>(() => run.Run.Board.PlotCreator.Create(ServerAddress.Parse(ServerUrl), Request(run)));

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

        IOException failure = Assert.Throws<IOException>(() => run.Run.Board.PlotCreator.Create(ServerAddress.Parse($"http://127.0.0.1:{port}"), Request(run)));

        Assert.Equal($"creating the plot at http://127.0.0.1:{port}/clientresp failed: {reason}", failure.Message);
        await serving;
    }

    private static PlotCreationRequest Request(SimulatedBoardRun run) =>
        new(run.Settings.PlotUser, run.Settings.PlotApiKey, run.Settings.PlotName, PlotLayout.Title, PlotLayout.CreateTraces(run.Settings));
}
