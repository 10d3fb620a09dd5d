using System.Globalization;

namespace HeartRateStreamer.StreamServer.LoadBenchmark;

/// <summary>What one <see cref="KeyFlood"/> window measured: the server's CPU, the wrong keys' answers by status (0: no
/// answer), and the legitimate client's answers with their latencies (it sends its next at the first tick after an answer,
/// so a slow answer leaves ticks without a request). It refuses to be printed when the run was not the
/// flood it claims (<see cref="ExpectMeasured"/>), and judges it (<see cref="Verdict"/>): the key derivations within their
/// slots (the share of the cores the bound promises the flood at most), and the right key answered 200 every time, at
/// least at every other tick. The rest of the server's CPU, the HTTP work of answering the flood, is printed beside it:
/// no slot bounds that, and it is the same with or without derivations.</summary>
public sealed record KeyFloodFigures(
    int Addresses,
    double WindowSeconds,
    int Cores,
    int DerivationSlots,
    double ServerCpuSeconds,
    double BenchmarkCpuSeconds,
    double MachineBusyShare,
    long WrongKeysSent,
    double WrongKeysIntendedPerSecond,
    IReadOnlyDictionary<int, long> WrongKeyAnswers,
    int LegitimateTicks,
    IReadOnlyList<int> LegitimateStatuses,
    IReadOnlyList<double> LegitimateMilliseconds,
    double DerivationCpuMilliseconds)
{
    public long Answers(int status) => WrongKeyAnswers.TryGetValue(status, out long count) ? count : 0;

    /// <summary>Each 401 to a wrong key for a known user is one PBKDF2 derivation that found the key wrong.</summary>
    public double DerivationsPerSecond => Answers(401) / WindowSeconds;

    public double ServerCores => ServerCpuSeconds / WindowSeconds;

    /// <summary>The cores the derivations took: each 401's derivation at the CPU one takes.</summary>
    public double DerivationCores => DerivationsPerSecond * DerivationCpuMilliseconds / 1000;

    /// <summary>Throws when the figures would not measure a flood of wrong keys beside a working right key.</summary>
    /// <exception cref="InvalidOperationException">What was wrong, and that no figures follow.</exception>
    public void ExpectMeasured()
    {
        string? wrong = Answers(401) == 0
            ? $"no wrong key reached a derivation (answers {Statuses(WrongKeyAnswers)}): the flood measured the refusals, not the key checks"
            : LegitimateStatuses.Count == 0
                ? "the legitimate client got no answer in the window"
                : null;
        if (wrong is not null)
        {
            throw new InvalidOperationException($"--key-flood: {wrong}; no figures. Check the server's output and the benchmark's user and form (KeyFlood.cs).");
        }
    }

    /// <summary>Held (true) when the derivations took at most <see cref="DerivationSlots"/> cores and every legitimate
    /// answer was 200, with answers for at least half the ticks (a right key answered 200 twice in 10 s is not served);
    /// the line says which and by how much.</summary>
    public (bool Held, string Line) Verdict()
    {
        bool withinShare = DerivationCores <= DerivationSlots;
        int good = LegitimateStatuses.Count(status => status == 200);
        bool allRight = good == LegitimateStatuses.Count && 2 * LegitimateStatuses.Count >= LegitimateTicks;
        string cpu = string.Create(CultureInfo.InvariantCulture,
            $"derivations {DerivationCores:F2} cores {(withinShare ? "<=" : ">")} {DerivationSlots} (derivation slots) of {Cores}");
        string right = $"right key answered 200 {good}/{LegitimateStatuses.Count} (of {LegitimateTicks} ticks)";
        return (withinShare && allRight, $"verdict: {(withinShare && allRight ? "held" : "FAILED")}: {cpu}; {right}");
    }

    public IEnumerable<string> Lines()
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"server CPU {ServerCores / Cores:P0} of {Cores} cores ({ServerCores:F2} cores; derivations about {DerivationCores:F2} at {DerivationCpuMilliseconds:F1} ms each, the rest, HTTP work, {ServerCores - DerivationCores:F2}); "
            + $"this benchmark {BenchmarkCpuSeconds / WindowSeconds / Cores:P0}; machine busy {MachineBusyShare:P0}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"wrong keys: {WrongKeysSent} sent ({WrongKeysSent / WindowSeconds:F0}/s of {WrongKeysIntendedPerSecond:F0}/s intended: an address sends its next after its last one's answer); answers {Statuses(WrongKeyAnswers)}; "
            + $"derivations {DerivationsPerSecond:F0}/s (the 401s)");
        double[] sorted = [.. LegitimateMilliseconds.Order()];
        yield return string.Create(CultureInfo.InvariantCulture,
            $"legitimate client: {LegitimateStatuses.Count} answers at {LegitimateTicks} ticks, {Statuses(LegitimateStatuses.CountBy(s => s).ToDictionary(p => p.Key, p => (long)p.Value))}; "
            + $"latency p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):F1} ms");
        yield return Verdict().Line;
    }

    private static string Statuses(IReadOnlyDictionary<int, long> counts) => counts.Count == 0
        ? "none"
        : string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "no answer" : p.Key.ToString(CultureInfo.InvariantCulture))} x{p.Value}"));

    // Nearest rank: the smallest value with at least that share of the values at or below it.
    private static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
}
