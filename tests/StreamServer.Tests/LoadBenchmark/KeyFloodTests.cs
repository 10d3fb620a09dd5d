using HeartRateStreamer.StreamServer.LoadBenchmark;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.LoadBenchmark;

/// <summary>`--key-flood` measures wrong keys reaching the server's key derivations beside a right key that works, and
/// says so: a run whose right key is refused before the flood, whose wrong keys never reach a derivation, or whose
/// legitimate client got no answer gives no figures; the verdict fails on derivations past their slots' cores (not on the
/// server's other CPU, the HTTP work no slot bounds), or on one right key not answered 200. The figures themselves come from the benchmark's runs
/// (tests/StreamServer.LoadBenchmark/README.md), not from here.</summary>
[Trait("Category", "LoadBenchmark")]
[Trait("Category", MeasurementCollection.Category)]
[Collection(MeasurementCollection.Name)]
public sealed class KeyFloodTests
{
    [Fact]
    public async Task ATinyFloodReachesTheDerivationsAndTheRightKeyIsAnsweredEachTime()
    {
        KeyFloodFigures figures = await KeyFlood.RunAsync(addresses: 20, warmUp: TimeSpan.FromSeconds(0.5), window: TimeSpan.FromSeconds(2));

        Assert.True(figures.Answers(401) > 0);
        Assert.All(figures.WrongKeyAnswers.Keys, status => Assert.Contains(status, new[] { 401, 429, 503 }));
        Assert.NotEmpty(figures.LegitimateStatuses);
        Assert.All(figures.LegitimateStatuses, status => Assert.Equal(200, status));
        Assert.Equal(figures.LegitimateStatuses.Count, figures.LegitimateMilliseconds.Count);
        Assert.Contains($"right key answered 200 {figures.LegitimateStatuses.Count}/{figures.LegitimateStatuses.Count} (of {figures.LegitimateTicks} ticks)", figures.Verdict().Line);
    }

    [Fact]
    public async Task ARightKeyTheServerRefusesStopsTheRunWithoutFigures()
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KeyFlood.RunAsync(addresses: 2, warmUp: TimeSpan.FromSeconds(0.2), window: TimeSpan.FromSeconds(1), rightKey: "not-the-load-users-key"));

        Assert.Contains("the right key was answered 401 before the flood", refusal.Message);
        Assert.Contains("no figures", refusal.Message);
    }

    [Fact]
    public void WrongKeysThatNeverReachedADerivationGiveNoFigures()
    {
        KeyFloodFigures figures = Measured() with { WrongKeyAnswers = new Dictionary<int, long> { [429] = 900, [503] = 100 } };

        var refusal = Assert.Throws<InvalidOperationException>(figures.ExpectMeasured);

        Assert.Contains("no wrong key reached a derivation (answers 429 x900, 503 x100)", refusal.Message);
        Assert.Contains("no figures", refusal.Message);
    }

    [Fact]
    public void ALegitimateClientWithoutAnswersGivesNoFigures()
    {
        KeyFloodFigures figures = Measured() with { LegitimateStatuses = [], LegitimateMilliseconds = [] };

        Assert.Contains("the legitimate client got no answer", Assert.Throws<InvalidOperationException>(figures.ExpectMeasured).Message);
    }

    [Fact]
    public void DerivationsWithinTheirSlotsAndEveryRightKeyAnswered200Hold()
    {
        KeyFloodFigures figures = Measured();

        figures.ExpectMeasured();
        (bool held, string line) = figures.Verdict();

        Assert.True(held, line);
        Assert.Equal("verdict: held: derivations 0.84 cores <= 1 (derivation slots) of 2; right key answered 200 3/3 (of 4 ticks)", line);
    }

    [Fact]
    public void DerivationsPastTheirSlotsFailTheVerdict()
    {
        (bool held, string line) = (Measured() with { WrongKeyAnswers = new Dictionary<int, long> { [401] = 1_600, [503] = 8_400 } }).Verdict();

        Assert.False(held);
        Assert.Contains("FAILED: derivations 1.12 cores > 1 (derivation slots) of 2", line);
    }

    // The HTTP work of answering the flood is no slot's to bound: a server busier than its slots, its derivations within them, holds.
    [Fact]
    public void AServerBusierThanItsSlotsWithItsDerivationsWithinThemHolds()
    {
        (bool held, string line) = (Measured() with { ServerCpuSeconds = 14 }).Verdict();

        Assert.True(held, line);
    }

    [Fact]
    public void OneRightKeyNotAnswered200FailsTheVerdict()
    {
        (bool held, string line) = (Measured() with { LegitimateStatuses = [200, 503, 200] }).Verdict();

        Assert.False(held);
        Assert.Contains("FAILED", line);
        Assert.Contains("right key answered 200 2/3", line);
    }

    [Fact]
    public void ARightKeyAnsweredAtFewerThanHalfTheTicksFailsTheVerdict()
    {
        (bool held, string line) = (Measured() with { LegitimateTicks = 99, LegitimateStatuses = [200, 200], LegitimateMilliseconds = [4_767, 7_124] }).Verdict();

        Assert.False(held);
        Assert.Contains("right key answered 200 2/2 (of 99 ticks)", line);
    }

    // A 10 s window of a 2,000-address flood on two cores, as a run prints it: 120 derivations a second of 7 ms, within one slot.
    private static KeyFloodFigures Measured() => new(
        Addresses: 2_000, WindowSeconds: 10, Cores: 2, DerivationSlots: 1, ServerCpuSeconds: 11, BenchmarkCpuSeconds: 6, MachineBusyShare: 0.9,
        WrongKeysSent: 10_000, WrongKeysIntendedPerSecond: 1_000, WrongKeyAnswers: new Dictionary<int, long> { [401] = 1_200, [503] = 8_800 },
        LegitimateTicks: 4, LegitimateStatuses: [200, 200, 200], LegitimateMilliseconds: [2, 3, 40], DerivationCpuMilliseconds: 7);
}
