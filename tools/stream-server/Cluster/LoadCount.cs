namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>How many nodes answered a notice this node sent (<see cref="ClusterNode.PlotStoredAsync"/>,
/// <see cref="ClusterNode.TokensLeftAsync"/>), and waiting for all of them.</summary>
internal sealed class LoadCount
{
    private readonly SemaphoreSlim _answers = new(0);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add()
    {
        Interlocked.Increment(ref _count);
        _answers.Release();
    }

    /// <summary>Whether <paramref name="expected"/> answers are in by <paramref name="deadline"/>. Answers already in count
    /// when the deadline is past: a publish that used up the time may have heard every node meanwhile.</summary>
    public async Task<bool> WaitAsync(long expected, DateTime deadline)
    {
        for (long answered = 0; answered < expected; answered++)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!await _answers.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                return false;
            }
        }

        return true;
    }
}
