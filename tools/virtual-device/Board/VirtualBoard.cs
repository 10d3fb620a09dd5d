using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Ports;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The PC as the device's platform: the simulated sensors of a <see cref="SensorWorld"/>, real TCP/TLS sockets on a
/// <see cref="SimulatedNetwork"/> that faults can take down (plot creation goes over them too, as on the board), the PC's calendar, and
/// whatever threads and clock the caller gives (real ones for the commands, simulated time in tests). A reboot ends the
/// run: restarting a process from inside itself proves nothing, so the reason is kept for the caller to report.
/// </summary>
public sealed class VirtualBoard : IDevicePlatform, IDisposable
{
    private readonly OpenSockets _sockets = new();

    // A plot creation's own: closed as soon as the run ends (AbandonPlotCreation), where the streams' stay open to end properly.
    private readonly OpenSockets _plotSockets = new();
    private readonly Func<ITransport, ITransport>? _wrapTransport;
    private string _rebootReason = "";
    private int _jittersCreated;

    /// <summary>
    /// A board on <paramref name="clock"/> and <paramref name="threads"/>, logging to <paramref name="log"/>, whose sensors
    /// see <paramref name="world"/>. <paramref name="wrapTransport"/>, when given, wraps each stream's transport (tests
    /// use it to hold up a connect or to watch the bytes).
    /// </summary>
    public VirtualBoard(IClock clock, IDeviceThreads threads, ILogOutput log, SensorWorld world, Func<ITransport, ITransport>? wrapTransport = null)
    {
        Clock = clock;
        Threads = threads;
        LogOutput = log;
        World = world;
        WallClock = new PcWallClock(clock, threads);
        _wrapTransport = wrapTransport;
        SimulatedNetwork = new SimulatedNetwork(clock, threads);
        PlotCreator = new TransportPlotCreator(() => CreateNetworkTransport(_plotSockets), clock);
    }

    /// <inheritdoc/>
    public IClock Clock { get; }

    /// <inheritdoc/>
    public IDeviceThreads Threads { get; }

    /// <inheritdoc/>
    public ILogOutput LogOutput { get; }

    /// <summary>The simulated Wi-Fi.</summary>
    public SimulatedNetwork SimulatedNetwork { get; }

    /// <inheritdoc/>
    public INetworkLink Network => SimulatedNetwork;

    /// <summary>The calendar clock: the PC's, set from the start unless a test holds it unset or corrects it.</summary>
    public PcWallClock WallClock { get; }

    /// <inheritdoc/>
    IWallClock IDevicePlatform.WallClock => WallClock;

    /// <summary>A PC's monotonic clock is a 64-bit count that does not wrap in any run (long.MaxValue); a test sets an ESP32's
    /// kind of wrap to see the reboot the device plans ahead of it.</summary>
    public long ClockWrapMilliseconds { get; set; } = long.MaxValue;

    /// <inheritdoc/>
    /// <remarks>Tests may wrap it before the device starts, as they wrap a stream's transport (a server slow to answer).</remarks>
    public IPlotCreator PlotCreator { get; set; }

    /// <summary>
    /// The CA certificates the flash tool would store on the board (device.json's <c>server.caCertificateFile</c>): with
    /// them, TLS trusts these alone, as such a board does; null: the PC's own certificate store.
    /// </summary>
    public X509Certificate2Collection? TrustedAuthorities { get; set; }

    /// <summary>What the sensors see.</summary>
    public SensorWorld World { get; }

    /// <summary>The status LED once the device opened it.</summary>
    public SimulatedStatusLed? Led { get; private set; }

    /// <summary>Why the device asked for a reboot, or an empty string.</summary>
    public string RebootReason => Volatile.Read(ref _rebootReason);

    /// <summary>
    /// When set, <see cref="OpenI2cBus"/> throws it, as a board's I2C driver throws for a bus or pins it cannot open
    /// (tests: a start-up that fails).
    /// </summary>
    public Exception? I2cBusFault { get; set; }

    /// <inheritdoc/>
    public IRegisterBus OpenI2cBus(int dataPin, int clockPin, int deviceAddress) => I2cBusFault == null ? World.OpenI2cBus(deviceAddress) : throw I2cBusFault;

    /// <inheritdoc/>
    public IAnalogInput OpenAnalogInput(int channel) => World.OpenAnalogInput();

    /// <inheritdoc/>
    public IStatusLed OpenStatusLed(int pin, bool activeHigh) => Led = new SimulatedStatusLed(pin);

    /// <summary>
    /// The managed heap the virtual board reports free at start-up: by default what an ESP32 without PSRAM has left for
    /// the application (100-150 KB, nanoframework-api.md §12), so the virtual device keeps the points such a board keeps.
    /// </summary>
    public long FreeMemory { get; set; } = SmallBoardFreeMemoryBytes;

    /// <summary>The low end of an ESP32 without PSRAM's free managed heap.</summary>
    public const long SmallBoardFreeMemoryBytes = 100 * 1024;

    /// <inheritdoc/>
    public long FreeMemoryBytes() => FreeMemory;

    /// <inheritdoc/>
    public ITransport CreateTransport()
    {
        ITransport transport = CreateNetworkTransport(_sockets);
        return _wrapTransport == null ? transport : _wrapTransport(transport);
    }

    // A PC socket on the simulated Wi-Fi, on the list that closes it while it is open: a stream's (which tests may wrap) or a
    // plot creation's (closed by the creator after its one exchange, or when the run ends before the answer).
    private ITransport CreateNetworkTransport(OpenSockets list) =>
        new NetworkFaultTransport(list.Track(accepted => new TcpTransport(trustedAuthorities: TrustedAuthorities, accepted: accepted)), SimulatedNetwork, Threads);

    /// <inheritdoc/>
    public IRandom CreateJitter()
    {
        Interlocked.Increment(ref _jittersCreated);
        return new SystemRandom();
    }

    /// <summary>How many jitter generators the device asked for (one per stream: a board's are not thread-safe).</summary>
    public int JittersCreated => Volatile.Read(ref _jittersCreated);

    /// <inheritdoc/>
    public void Reboot(string reason) => Interlocked.CompareExchange(ref _rebootReason, reason, "");

    /// <summary>
    /// True when no stream reached its server (<see cref="OpenSockets.Reached"/>: a connect made, or its TCP connection taken)
    /// though one tried (one still under way included), or, before any stream tried, when the plot creation tried and did
    /// not reach <c>server.url</c>. The streams go to the host the plot creation's answer names, so a server that answered
    /// the plot creation is not a reach for streams that then could not connect.
    /// </summary>
    public bool NoServerReached => _sockets.Tried ? !StreamServerReached : _plotSockets.Tried && !_plotSockets.Reached;

    /// <summary>True once a stream's connect was made, or had its TCP connection taken by a server.</summary>
    public bool StreamServerReached => _sockets.Reached;

    /// <summary>The streams' sockets open (one per stream at most) and the plot creations' (none between creations).</summary>
    internal (int Streams, int PlotCreations) SocketsOpen => (_sockets.Count, _plotSockets.Count);

    /// <summary>True while a stream's or a plot creation's connect waits for the server to take its TCP connection.</summary>
    public bool ConnectUnderWay => _sockets.ConnectUnderWay || _plotSockets.ConnectUnderWay;

    /// <summary>
    /// Closes a plot creation's socket still waiting for its answer, and lets no other connect: the run is ending, and the
    /// connecting job must not keep the threads' stop (and Ctrl+C) waiting for the creator's 20 s deadline.
    /// </summary>
    public void AbandonPlotCreation() => _plotSockets.CloseAll();

    /// <summary>
    /// Ends a stream's connect still under way (its loop then fails it at once) and lets no stream connect again, leaving
    /// the streams' connections made open to end properly: the run is ending, and a connect to an address that drops
    /// packets would keep the threads' stop (and Ctrl+C) waiting for its 20 s.
    /// </summary>
    public void AbandonStreamConnects() => _sockets.CloseConnectsUnderWay();

    /// <summary>Closes every socket the board has open (a job still waiting on one then fails); none connects after.</summary>
    public void Dispose()
    {
        _plotSockets.CloseAll();
        _sockets.CloseAll();
    }
}
