using HeartRateStreamer.StreamServer.Hosting;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void ParsesEveryOption()
    {
        StreamServerOptions options = CommandLine.Parse(["--urls", "http://127.0.0.1:0;http://[::1]:0", "--https-port", "none", "--data", "d",
            "--user", "a:key-aaaa", "--user", "b:key:with:colons", "--stale-seconds", "5", "--throttle-ms", "0", "--max-line-bytes", "4096"])!;

        Assert.Equal(["http://127.0.0.1:0", "http://[::1]:0"], options.Urls);
        Assert.Null(options.HttpsPort);
        Assert.Equal("d", options.DataDirectory);
        Assert.Equal("key:with:colons", options.Users["b"]);
        Assert.Equal((5, 0, 4096), (options.StaleSeconds, options.ThrottleMilliseconds, options.MaxLineBytes));
    }

    [Theory]
    [InlineData("--stale-seconds", "0", "must be at least 1")]
    [InlineData("--urls", "ftp://x:1", "is not of the form http://HOST:PORT")]
    [InlineData("--urls", "http://example.com:80", "must be an IP address")]
    [InlineData("--user", "nokey", "must be NAME:KEY")]
    [InlineData("--user", "bad/name:key-aaaa", "letters, digits")]
    [InlineData("--https-port", "70000", "is not a TCP port")]
    [InlineData("--verbose", "1", "Unknown option")]
    public void BadValuesSayWhatToFix(string name, string value, string expected)
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(() => CommandLine.Parse([name, value]));

        Assert.Contains(expected, exception.Message);
    }

    [Fact]
    public void HelpReturnsNoOptions()
    {
        Assert.Null(CommandLine.Parse(["--help"]));
    }
}
