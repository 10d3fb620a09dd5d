using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.StreamWriter.Tests;

/// <summary>The host transport keeps the port's promises on a real socket: 0 for nothing yet, -1 for closed, IOException with a reason.</summary>
public sealed class TcpTransportTests
{
    [Fact]
    public void ReceiveSaysNothingYetThenDataThenClosed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var transport = new TcpTransport();
        transport.Connect("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: false);
        using Socket server = listener.AcceptSocket();
        var buffer = new byte[16];

        Assert.Equal(0, transport.Receive(buffer, 0, buffer.Length, 0));
        server.Send("HTTP/1.1"u8.ToArray());
        Assert.Equal(8, transport.Receive(buffer, 0, buffer.Length, 5000));
        Assert.Equal("HTTP/1.1", Encoding.ASCII.GetString(buffer, 0, 8));
        server.Shutdown(SocketShutdown.Send);
        Assert.Equal(-1, transport.Receive(buffer, 0, buffer.Length, 5000));
    }

    [Fact]
    public async Task SendsEveryByte()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var transport = new TcpTransport();
        transport.Connect("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: false);
        using Socket server = listener.AcceptSocket();
        byte[] data = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        var received = new MemoryStream();
        Task reader = Task.Run(() =>
        {
            var chunk = new byte[65536];
            int count;
            while (received.Length < data.Length && (count = server.Receive(chunk)) > 0)
            {
                received.Write(chunk, 0, count);
            }
        });
        transport.Send(data, 0, data.Length);

        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(data, received.ToArray());
    }

    [Fact]
    public void ARefusedConnectionIsAnIOExceptionThatSaysSo()
    {
        int port = FreePort();
        using var transport = new TcpTransport();
        IOException error = Assert.Throws<IOException>(() => transport.Connect("127.0.0.1", port, useTls: false));
        Assert.Equal($"connecting to 127.0.0.1:{port} failed: connection refused (no server listening on that port, or a firewall refusing it)", error.Message);
        Assert.Throws<IOException>(() => transport.Send(new byte[1], 0, 1));
    }

    [Fact]
    public async Task TalksTlsToAServerSignedByTheConfiguredAuthority()
    {
        using X509Certificate2 certificate = SelfSignedLocalhost();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<string> server = Task.Run(() =>
        {
            using Socket socket = listener.AcceptSocket();
            using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            tls.AuthenticateAsServer(certificate);
            var head = new byte[5];
            tls.ReadExactly(head);
            tls.Write("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray());
            return Encoding.ASCII.GetString(head);
        });

        using X509Certificate2 publicPart = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        using var transport = new TcpTransport(trustedAuthorities: new X509Certificate2Collection(publicPart));
        transport.Connect("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: true);
        transport.Send("POST "u8.ToArray(), 0, 5);
        var answer = new byte[64];
        int read = transport.Receive(answer, 0, answer.Length, 5000);

        Assert.Equal("POST ", await server.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("HTTP/1.1 200 OK", Encoding.ASCII.GetString(answer, 0, read));
    }

    [Fact]
    public async Task RefusesATlsServerItDoesNotTrust()
    {
        using X509Certificate2 certificate = SelfSignedLocalhost();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<string> server = Task.Run(() =>
        {
            using Socket socket = listener.AcceptSocket();
            using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                // Under TLS 1.3 the server's side of the handshake completes before the client judges the certificate,
                // so what shows the refusal is that the client then closes without sending anything.
                tls.AuthenticateAsServer(certificate);
                return tls.Read(new byte[1]) == 0 ? "closed without data" : "data received";
            }
            catch (Exception e) when (e is IOException or AuthenticationException)
            {
                return "closed without data";
            }
        });

        using var transport = new TcpTransport();
        IOException error = Assert.Throws<IOException>(() => transport.Connect("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, useTls: true));
        Assert.StartsWith("connecting to localhost:", error.Message);
        Assert.Equal("closed without data", await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSignedLocalhost()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // On Linux a certificate made in memory needs a round trip through PKCS#12 before SslStream can use its key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
