namespace HeartRateStreamer.Benchmarks.CallCost;

/// <summary>What <see cref="CallCostReport.Measure"/> counted: each counter's total over <paramref name="Samples"/> samples.</summary>
/// <param name="Samples">Samples the device processed while counting.</param>
/// <param name="ByName">"Namespace.Type::Method" (entries into the device's methods) or "runtime Type::Method in Caller::Method" (library calls) → how often.</param>
public sealed record CallCounts(int Samples, IReadOnlyDictionary<string, long> ByName)
{
    private const string LibraryPrefix = "runtime ";

    /// <summary>Entries into the device's own methods per sample.</summary>
    public double OwnCallsPerSample => PerSampleWhere(name => !name.StartsWith(LibraryPrefix, StringComparison.Ordinal));

    /// <summary>Calls into the runtime's libraries per sample.</summary>
    public double LibraryCallsPerSample => PerSampleWhere(name => name.StartsWith(LibraryPrefix, StringComparison.Ordinal));

    /// <summary>Locks taken (<c>Monitor.Enter</c>) per sample.</summary>
    public double LocksPerSample => PerSampleWhere(name => name.StartsWith(LibraryPrefix + "Monitor::Enter ", StringComparison.Ordinal));

    /// <summary><paramref name="count"/> per sample.</summary>
    public double PerSample(long count) => count / (double)Math.Max(1, Samples);

    // The counts whose names pass `counted`, summed, per sample.
    private double PerSampleWhere(Func<string, bool> counted) => PerSample(ByName.Where(entry => counted(entry.Key)).Sum(entry => entry.Value));
}
