using System.Text.RegularExpressions;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>
/// One PlotStream over a real <see cref="TcpTransport"/> to a loopback server, driven by a manual clock so back-off
/// delays of seconds take no real time. Messages are kept with the clock time they were reported at.
/// </summary>
public sealed partial class StreamHarness : IDisposable
{
    private static readonly TimeSpan s_ioTimeout = TimeSpan.FromSeconds(10);
    private readonly List<(long Time, string Message)> _messages = [];
    private readonly List<(long Time, double Value)> _appended = [];

    /// <summary>Creates the stream "pulse" with token <paramref name="token"/> to 127.0.0.1:<paramref name="port"/>.</summary>
    public StreamHarness(int port, string token = "tok1", int maxPoints = 50, int decimals = 0, IRandom? random = null)
    {
        Settings = new StreamSettings(new ServerAddress("127.0.0.1", port, false));
        Transport = new TcpTransport(connectTimeoutMilliseconds: 5000, sendTimeoutMilliseconds: 5000);
        StampedTransport = new ClockStampedTransport(Transport, Clock);
        Stream = new PlotStream("pulse", token, maxPoints, decimals, Settings, StampedTransport, Clock, random ?? new SystemRandom());
        Stream.Message += (_, message) =>
        {
            lock (_messages)
            {
                _messages.Add((Clock.Milliseconds, message));
            }
        };
    }

    /// <summary>The clock the stream reads.</summary>
    public ManualClock Clock { get; } = new(0);

    /// <summary>The settings the stream was built with.</summary>
    public StreamSettings Settings { get; }

    /// <summary>The real transport.</summary>
    public TcpTransport Transport { get; }

    /// <summary>The real transport as the stream uses it, noting the clock time of each send.</summary>
    public ClockStampedTransport StampedTransport { get; }

    /// <summary>The stream under test.</summary>
    public PlotStream Stream { get; }

    /// <summary>Messages reported so far, with their clock times.</summary>
    public IReadOnlyList<(long Time, string Message)> Messages { get { lock (_messages) { return _messages.ToArray(); } } }

    /// <summary>Points appended so far.</summary>
    public IReadOnlyList<(long Time, double Value)> Appended => _appended;

    /// <summary>The back-off delays the stream chose, in order, read from its "reconnecting in N ms" messages.</summary>
    public IReadOnlyList<int> ReconnectDelays => Messages
        .Select(m => ReconnectDelayPattern().Match(m.Message))
        .Where(match => match.Success)
        .Select(match => int.Parse(match.Groups[1].Value))
        .ToArray();

    /// <summary>Appends a point at the current clock time.</summary>
    public void Append(double value)
    {
        _appended.Add((Clock.Milliseconds, value));
        Stream.Append(Clock.Milliseconds, value);
    }

    /// <summary>
    /// Advances the clock by <paramref name="stepMilliseconds"/> and services the stream, appending a point every
    /// <paramref name="appendEveryMilliseconds"/> (0: none), until <paramref name="condition"/> holds. Real I/O may be
    /// slower than the manual clock, so it also waits (bounded) when the condition needs the network.
    /// </summary>
    public void RunUntil(Func<bool> condition, string what, int stepMilliseconds = 50, int appendEveryMilliseconds = 0, long maximumClockMilliseconds = 600_000)
    {
        DateTime deadline = DateTime.UtcNow + s_ioTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "waited " + s_ioTimeout.TotalSeconds + " s of real time for " + what + "; last message: " + Stream.LastMessage);
            Assert.True(Clock.Milliseconds < maximumClockMilliseconds, "no " + what + " within " + maximumClockMilliseconds + " ms of stream time; last message: " + Stream.LastMessage);
            Clock.Advance(stepMilliseconds);
            if (appendEveryMilliseconds > 0 && Clock.Milliseconds % appendEveryMilliseconds == 0)
            {
                Append(Clock.Milliseconds / 10 % 1000);
            }

            Stream.Service();
            if (Stream.State == StreamState.Streaming && !condition())
            {
                // Give the loopback peer a moment to act on what was just sent (bounded, real I/O).
                SpinWait.SpinUntil(condition, 1);
            }
        }
    }

    /// <summary>Services the stream without moving the clock until <paramref name="condition"/> holds (real I/O, bounded).</summary>
    public void ServiceUntil(Func<bool> condition, string what)
    {
        bool met = SpinWait.SpinUntil(() =>
        {
            Stream.Service();
            return condition();
        }, s_ioTimeout);
        Assert.True(met, "waited " + s_ioTimeout.TotalSeconds + " s of real time for " + what + "; last message: " + Stream.LastMessage);
    }

    /// <inheritdoc />
    public void Dispose() => Transport.Dispose();

    [GeneratedRegex(@"reconnecting in (\d+) ms")]
    private static partial Regex ReconnectDelayPattern();
}
