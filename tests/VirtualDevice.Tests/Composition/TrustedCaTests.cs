using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// An https server with a certificate of its own (self-signed, as on a home network): a board trusts only the CA the
/// flash tool stored on it, and so does the virtual board given device.json's server.caCertificateFile. Without it the
/// PC's store does not know the server, and the handshake fails as a board's does.
/// </summary>
public sealed class TrustedCaTests(HttpsEmbeddedServer server) : IClassFixture<HttpsEmbeddedServer>
{
    [Fact]
    public async Task TheServersCaMakesThePlotOverHttpsAndTheStreamsGo()
    {
        using var run = new SimulatedBoardRun(server.HttpsUrl, server.Key);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(server.CertificatePemFile);
        run.Run.Board.TrustedAuthorities = authorities;
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(20_000);
        });

        Assert.True(run.Log.Contains("for demo at " + server.HttpsUrl, StringComparison.Ordinal), run.Log);
        Assert.NotEqual("", run.Run.Device.PlotUrl); // made over https, trusting the server's own certificate
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(StreamState.Streaming, stream.State));
    }

    [Fact]
    public async Task AnAnswerNamingAPlainHttpStreamHostDoesNotTakeTheStreamsOffHttps()
    {
        // A stream-host of http:// would send the stream tokens in the clear (the server used to name its http address to
        // a request over TLS): the streams stay on server.url, which just answered /clientresp, and the log says why.
        string plainHost = $"http://streams.test:{server.Host.HttpPort}";
        var streams = new List<HostRecordingTransport>();
        using var run = new SimulatedBoardRun(server.HttpsUrl, server.Key,
            wrapTransport: (index, transport) =>
            {
                var recording = new HostRecordingTransport(transport, "streams.test", "127.0.0.1");
                lock (streams)
                {
                    streams.Add(recording);
                }

                return recording;
            });
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(server.CertificatePemFile);
        run.Run.Board.TrustedAuthorities = authorities;
        run.Run.Board.PlotCreator = new StreamHostRenamingCreator(run.Run.Board.PlotCreator, plainHost);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(20_000);
        });

        Assert.Contains($"Plot: the server names {plainHost} for the streams, plain http, but server.url is https: they stay on {server.HttpsUrl} "
            + "so their tokens are not sent unencrypted.", run.Log);
        Assert.All(run.Run.Device.Streams, stream => Assert.Equal(StreamState.Streaming, stream.State));
        Assert.All(streams, recording => Assert.Equal(["127.0.0.1"], recording.Hosts.Distinct()));
        Assert.NotEmpty(streams.SelectMany(recording => recording.Hosts));
    }

    [Fact]
    public void RunTrustsTheCaCertificateFileItsDeviceJsonNames()
    {
        using var files = new TemporaryFiles();
        File.Copy(server.CertificatePemFile, files.Write("server-ca.pem", ""), overwrite: true);
        string file = files.Write("device.json", $$"""
            { "server": { "url": "{{server.HttpsUrl}}", "user": "demo", "apiKey": "{{server.Key}}", "pulseToken": "ca-test-pulse-token",
                          "caCertificateFile": "server-ca.pem" } }
            """);

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "3");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Contains(" <- open this link in a browser", run.Output);
    }

    [Fact]
    public async Task WithoutTheServersCaTheHandshakeFailsAsOnABoard()
    {
        using var run = new SimulatedBoardRun(server.HttpsUrl, server.Key);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(20_000);
        });

        Assert.Equal("", run.Run.Device.PlotUrl);
        Assert.Contains("Plot: creating the plot at " + server.HttpsUrl + "/clientresp failed: connecting to 127.0.0.1:", run.Log);
        Assert.Equal("", run.Run.Board.RebootReason);
    }
}
