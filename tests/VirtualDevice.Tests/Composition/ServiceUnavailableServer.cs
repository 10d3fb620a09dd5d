using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A server on a loopback port that answers every request 503, as a proxy does while the server behind it restarts:
/// the plot creation's and the streams' alike. Each request is read whole before the answer (its head, and as much body
/// as its Content-Length says), so closing after the answer resets nothing the device still reads.
/// </summary>
public sealed partial class ServiceUnavailableServer : IAsyncDisposable
{
    private const string Answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public ServiceUnavailableServer()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Its address, http://127.0.0.1:PORT.</summary>
    public string Url { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _serving);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            try
            {
                NetworkStream stream = client.GetStream();
                await ReadRequestAsync(stream, _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Answer), _stop.Token);
            }
            catch (IOException)
            {
                // A connection the device gave up on before the answer: the next one gets it.
            }
        }
    }

    // An HTTP request's head and its Content-Length of body (a stream's chunked body is not waited for).
    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var read = new List<byte>();
        var buffer = new byte[4096];
        int headEnd = -1;
        int length = 0;
        while (headEnd < 0 || read.Count < headEnd + length)
        {
            int count = await stream.ReadAsync(buffer, cancellation);
            if (count == 0)
            {
                return;
            }

            read.AddRange(buffer.AsSpan(0, count));
            if (headEnd < 0)
            {
                string text = Encoding.ASCII.GetString([.. read]);
                int blank = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (blank >= 0)
                {
                    headEnd = blank + 4;
                    Match contentLength = ContentLength().Match(text[..blank]);
                    length = contentLength.Success ? int.Parse(contentLength.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                }
            }
        }
    }

    [GeneratedRegex(@"(?im)^content-length:\s*(\d+)")]
    private static partial Regex ContentLength();
}
