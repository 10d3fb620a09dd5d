using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>A flood of wrong keys from many addresses against the real server process, beside one device with the right
/// key: what the server-wide bound on key derivations (<see cref="KeyDerivations"/>) leaves to everyone else. Each address
/// is a 127.x.y.z of its own (all of 127.0.0.0/8 is local on Linux, so each client socket is bound to one and the server
/// sees that address, no PROXY header needed) and sends a wrong key for the load user to /clientresp at its guess limit's
/// pace (one per refill interval, the server's default), so every address stays within its own limit and only the
/// server-wide bound can hold the flood. The legitimate client, from 127.0.0.1, has its key verified once before the flood,
/// then posts /clientresp with it every 100 ms and times each answer. After a warm-up, a fixed window is measured: the
/// server's CPU from /proc, the wrong keys' answers by status, the legitimate answers (<see cref="KeyFloodFigures"/>).</summary>
public static class KeyFlood
{
    public const int DefaultAddresses = 2_000;

    /// <summary>127.1.1.1 .. 127.1.254.254: one address each, none of them the legitimate client's 127.0.0.1.</summary>
    public const int MaxAddresses = 254 * 254;

    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_legitimateInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>An address may fail one more key per refill interval once its burst is used: that pace, with the server's
    /// default --guess-limit, keeps every address within its limit for good.</summary>
    private static readonly TimeSpan s_perAddressInterval = TimeSpan.FromSeconds(new StreamServerOptions().GuessRefillSeconds);

    /// <summary>Starts the server, checks <paramref name="rightKey"/> is the load user's, floods, measures one window.</summary>
    /// <exception cref="InvalidOperationException">The run was not what it claims (see <see cref="KeyFloodFigures.ExpectMeasured"/>).</exception>
    public static async Task<KeyFloodFigures> RunAsync(int addresses, TimeSpan warmUp, TimeSpan window, string rightKey = Target.Key)
    {
        CheckAddresses(addresses);
        double derivationMilliseconds = DerivationCpuMilliseconds();
        (Target? started, string? missing) = await ProcessTarget.StartAsync(SweepSettings.Server);
        await using Target server = started ?? throw new InvalidOperationException($"--key-flood: the server did not start: {missing}");
        var serverUri = new Uri($"http://127.0.0.1:{server.Port}");
        using var legitimate = new HttpClient { BaseAddress = serverUri, Timeout = TimeSpan.FromSeconds(30) };
        (int firstStatus, string firstAnswer) = await PostAsync(legitimate, Form(rightKey, "key-flood legitimate"));
        if (firstStatus != 200)
        {
            throw new InvalidOperationException($"--key-flood: the right key was answered {firstStatus} before the flood ({firstAnswer}), not 200: "
                + "no figures, the legitimate client would measure a refusal. Fix the benchmark's user or key (KeyFlood.cs, Target.cs).");
        }

        var clients = Enumerable.Range(0, addresses).Select(i => BoundClient(serverUri, AddressOf(i))).ToArray();
        try
        {
            var flood = new Flood();
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            Task[] senders = [.. clients.Select((client, i) => SendWrongKeysAsync(client, i, s_perAddressInterval * i / addresses, clock, flood, stop.Token))];
            await Task.Delay(warmUp);

            MeasuredProcess process = server.Processes[0];
            double serverBefore = process.CpuSeconds(), benchmarkBefore = ProcFs.CpuSeconds(Environment.ProcessId);
            (double busyBefore, double totalBefore) = ProcFs.MachineCpuSeconds();
            flood.Measuring = true;
            var windowClock = Stopwatch.StartNew();
            (int ticks, List<int> statuses, List<double> milliseconds) = await TimeLegitimateAsync(legitimate, rightKey, window);
            await Task.Delay(window - windowClock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
            flood.Measuring = false;
            double seconds = windowClock.Elapsed.TotalSeconds;
            double serverCpu = process.CpuSeconds() - serverBefore, benchmarkCpu = ProcFs.CpuSeconds(Environment.ProcessId) - benchmarkBefore;
            (double busyAfter, double totalAfter) = ProcFs.MachineCpuSeconds();
            stop.Cancel();
            await Task.WhenAll(senders);
            if (server.HasExited)
            {
                throw new InvalidOperationException($"--key-flood: the server exited during the flood: {server.LastOutput.ReplaceLineEndings(" | ")}; no figures.");
            }

            var figures = new KeyFloodFigures(addresses, seconds, Environment.ProcessorCount, KeyDerivations.DefaultCapacity, serverCpu, benchmarkCpu,
                (busyAfter - busyBefore) / Math.Max(totalAfter - totalBefore, 1e-9), flood.Sent, addresses / s_perAddressInterval.TotalSeconds,
                flood.AnswersByStatus(), ticks, statuses, milliseconds, derivationMilliseconds);
            figures.ExpectMeasured();
            return figures;
        }
        finally
        {
            foreach (HttpClient client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The line that says what the run is, before its figures.</summary>
    /// <exception cref="ArgumentException">Fewer than one address, or more than there are 127.1.x.y.</exception>
    public static string Header(int addresses, TimeSpan warmUp, TimeSpan window)
    {
        CheckAddresses(addresses);
        return string.Create(CultureInfo.InvariantCulture, $"key flood: {addresses} addresses ({AddressOf(0)}..{AddressOf(addresses - 1)}), each a wrong key for '{Target.User}' to /clientresp every {s_perAddressInterval.TotalSeconds:F0} s "
        + $"(the default guess limit's refill); one right key every {s_legitimateInterval.TotalMilliseconds:F0} ms from 127.0.0.1; {warmUp.TotalSeconds:F0} s warm-up, {window.TotalSeconds:F0} s measured; "
        + $"{Environment.ProcessorCount} cores, key derivations at most {KeyDerivations.DefaultCapacity} at once; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {ProcFs.LoadAverage()}");
    }

    /// <exception cref="ArgumentException">Fewer than one address, or more than there are 127.1.x.y.</exception>
    private static void CheckAddresses(int addresses)
    {
        if (addresses is < 1 or > MaxAddresses)
        {
            throw new ArgumentException($"--key-flood: {addresses} addresses must be 1..{MaxAddresses} (one 127.1.x.y each)");
        }
    }

    private static IPAddress AddressOf(int index) => new([127, 1, (byte)(index / 254 + 1), (byte)(index % 254 + 1)]);

    /// <summary>The answers counted while <see cref="Measuring"/>: those that arrive in the window, as the CPU is read.</summary>
    private sealed class Flood
    {
        private readonly Dictionary<int, long> _answers = [];
        private long _sent;

        public volatile bool Measuring;

        public long Sent => Interlocked.Read(ref _sent);

        public void CountSent()
        {
            if (Measuring)
            {
                Interlocked.Increment(ref _sent);
            }
        }

        public void CountAnswer(int status)
        {
            if (!Measuring)
            {
                return;
            }

            lock (_answers)
            {
                _answers[status] = _answers.GetValueOrDefault(status) + 1;
            }
        }

        public IReadOnlyDictionary<int, long> AnswersByStatus()
        {
            lock (_answers)
            {
                return new Dictionary<int, long>(_answers);
            }
        }
    }

    // One address's wrong keys, each a new one, at the pace from its phase on; a late answer moves the schedule, never bunches it.
    private static async Task SendWrongKeysAsync(HttpClient client, int index, TimeSpan phase, Stopwatch clock, Flood flood, CancellationToken stop)
    {
        TimeSpan next = phase;
        for (int attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed, stop);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            flood.CountSent();
            (int status, _) = await PostAsync(client, Form($"wrong-key-{index}-{attempt}", "key-flood"));
            flood.CountAnswer(status);
            next = next + s_perAddressInterval > clock.Elapsed ? next + s_perAddressInterval : clock.Elapsed;
        }
    }

    // The legitimate client: a right key at the first tick after the last answer, for the window; the window's ticks,
    // each answer's status and time.
    private static async Task<(int Ticks, List<int> Statuses, List<double> Milliseconds)> TimeLegitimateAsync(HttpClient client, string rightKey, TimeSpan window)
    {
        var statuses = new List<int>();
        var milliseconds = new List<double>();
        string form = Form(rightKey, "key-flood legitimate");
        int ticks = (int)(window / s_legitimateInterval) - 1; // the one at the window's end sends nothing
        using var timer = new PeriodicTimer(s_legitimateInterval);
        var clock = Stopwatch.StartNew();
        while (await timer.WaitForNextTickAsync() && clock.Elapsed < window - s_legitimateInterval / 2)
        {
            long start = Stopwatch.GetTimestamp();
            (int status, _) = await PostAsync(client, form);
            milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            statuses.Add(status);
        }

        return (ticks, statuses, milliseconds);
    }

    // The form the firmware sends to make its plot (PlotCreator's shape), overwriting one plot each time.
    private static string Form(string key, string filename) =>
        $"platform=load&un={Target.User}&key={key}&args=[{{\"x\":[1],\"y\":[60]}}]&kwargs={{\"filename\":\"{filename}\",\"fileopt\":\"overwrite\"}}";

    /// <summary>The answer's status and body; status 0 and the exception when there was none.</summary>
    private static async Task<(int Status, string Answer)> PostAsync(HttpClient client, string form)
    {
        try
        {
            using HttpResponseMessage response = await client.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (0, exception.Message);
        }
    }

    // An HttpClient whose connections leave from `local`: the server takes that for the client's address.
    private static HttpClient BoundClient(Uri server, IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    // CPU milliseconds of one derivation of a wrong key here (the server's own ApiKeyHash), best of a few: to tell the
    // server's derivations from the rest of its CPU.
    private static double DerivationCpuMilliseconds()
    {
        string stored = ApiKeyHash.Create(Target.Key);
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < 4; i++)
            {
                ApiKeyHash.Verify(stored, "wrong-key");
            }

            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / 4);
        }

        return best;
    }
}
