using HeartRateStreamer.StreamServer.Ingest;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>
/// The wait for a connection's head follows --stale-seconds up to Plotly's minute and no further: before its head a
/// connection carries no token, so a stale limit of an hour for quiet devices must not let anyone hold idle
/// connections an hour.
/// </summary>
public sealed class IngestSettingsTests
{
    [Theory]
    [InlineData(4, 4)]
    [InlineData(60, 60)]
    [InlineData(3600, 60)]
    public void TheHeadWaitIsTheStaleLimitUpToAMinute(int staleSeconds, int headSeconds)
    {
        var settings = new IngestSettings(TimeSpan.FromSeconds(staleSeconds), 1024);

        Assert.Equal(TimeSpan.FromSeconds(headSeconds), settings.HeadTimeout);
    }
}
