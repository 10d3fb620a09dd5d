namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>Browser tests share one Chromium and one server and run one at a time. They carry the trait
/// Category=Browser, which build/test.sh runs after every other test: the 200 ms check measures the viewers,
/// not CPU taken by other test processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
