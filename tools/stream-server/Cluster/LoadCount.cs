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

    public async Task<bool> WaitAsync(long expected, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        for (long answered = 0; answered < expected; answered++)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _answers.WaitAsync(left))
            {
                return false;
            }
        }

        return true;
    }
}
