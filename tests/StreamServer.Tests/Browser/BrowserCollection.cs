namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>Browser tests share one Chromium and run after the other tests, not beside them: the
/// 200 ms check measures the viewers, not CPU taken by other tests on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
