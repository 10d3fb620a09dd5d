namespace HeartRateStreamer.Benchmarks.CallCost;

/// <summary>What <see cref="CallCostReport.Measure"/> counted: each counter's total over <paramref name="Samples"/> samples.</summary>
/// <param name="Samples">Samples the device processed while counting.</param>
/// <param name="ByName">"Namespace.Type::Method" (entries into the device's methods) or "runtime Type::Method in Caller::Method" (library calls) → how often.</param>
public sealed record CallCounts(int Samples, IReadOnlyDictionary<string, long> ByName)
{
    private const string LibraryPrefix = "runtime ";

    /// <summary>Entries into the device's own methods per sample.</summary>
    public double OwnCallsPerSample => PerSample(ByName.Where(entry => !entry.Key.StartsWith(LibraryPrefix, StringComparison.Ordinal)).Sum(entry => entry.Value));

    /// <summary>Calls into the runtime's libraries per sample.</summary>
    public double LibraryCallsPerSample => PerSample(ByName.Where(entry => entry.Key.StartsWith(LibraryPrefix, StringComparison.Ordinal)).Sum(entry => entry.Value));

    /// <summary>Locks taken (<c>Monitor.Enter</c>) per sample.</summary>
    public double LocksPerSample => PerSample(ByName.Where(entry => entry.Key.StartsWith(LibraryPrefix + "Monitor::Enter ", StringComparison.Ordinal)).Sum(entry => entry.Value));

    /// <summary><paramref name="count"/> per sample.</summary>
    public double PerSample(long count) => count / (double)Math.Max(1, Samples);
}
