using HeartRateStreamer.StreamServer.Hosting;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// The stream server started in-process for the end-to-end tests, as the default command starts it, but with the
/// ingest throttle off: the device runs on a manual clock much faster than real time, so the server's real-time
/// 50 ms throttle would coalesce points that are 50 ms apart in the device's time. Spacing is checked on the x values.
/// For the same reason its guess limit takes a larger burst (<see cref="SimulatedTimeGuessBurst"/>).
/// </summary>
public class EmbeddedServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("virtual-device-e2e-").FullName;

    /// <summary>The running server.</summary>
    public StreamServerHost Host { get; private set; } = null!;

    /// <summary>The demo account's key.</summary>
    public string Key => Host.Users[StreamServerHost.DemoUser];

    /// <summary>
    /// The burst of unknown stream tokens an address may try (--guess-burst). A device retries a token the server does not
    /// know yet (its plot not made yet, or lost) with its back-off, and every test here shares 127.0.0.1: on a simulated
    /// clock those tries come about fifty times faster than a board's, while the limit refills in real time.
    /// </summary>
    public const int SimulatedTimeGuessBurst = 1000;

    /// <summary>The server's --throttle-ms: off, for a device on a manual clock.</summary>
    protected virtual int ThrottleMilliseconds => 0;

    /// <summary>The server's --https-port: none (0 would pick a free one, with the loopback certificate in the data folder).</summary>
    protected virtual int? HttpsPort => null;

    /// <summary>The server's data folder.</summary>
    protected string DataDirectory => _dataDirectory;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Host = await StreamServerHost.StartAsync(new StreamServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            HttpsPort = HttpsPort,
            DataDirectory = _dataDirectory,
            ThrottleMilliseconds = ThrottleMilliseconds,
            GuessBurst = SimulatedTimeGuessBurst,
            LogLevel = LogLevel.Warning,
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
